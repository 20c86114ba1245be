using AppPasswords.Core.MailClients;
using AppPasswords.Core.Security;
using AppPasswords.Web.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace AppPasswords.Web.Pages.UserAppPasswords;

/// <summary>
/// Shows a new app password once, with the mail server settings from <c>MailServers</c>. Without a valid one-time
/// ticket it redirects to the list. While it is displayed, and only then, the same user may download the Apple
/// configuration profile holding the password once (<see cref="OnPostProfileAsync"/>); after that, or after
/// <see cref="ShownOnceOptions.DownloadLifetime"/>, the server has forgotten the password.
/// </summary>
[Authorize]
public class CreatedModel(ShownOnceSecretStore shownOnce, IOptionsSnapshot<MailServerOptions> mailServers, IOptions<ShownOnceOptions> lifetimes) : PageModel
{
    public const string TicketKey = "AppPasswords.Ticket";

    public string Label { get; private set; } = "";

    /// <summary>The password in groups of four, for display and copying.</summary>
    public string DisplayPassword { get; private set; } = "";

    /// <summary>The user name mail clients log in with.</summary>
    public string UserName { get; private set; } = "";

    /// <summary>Servers worth showing: configured, with an encrypted transport, by protocol resource key.</summary>
    public IReadOnlyList<(string Protocol, MailServerEndpoint Endpoint)> MailServers { get; private set; } = [];

    /// <summary>The one-time ticket for the configuration profile download; null when the servers are not configured.</summary>
    public string? ProfileTicket { get; private set; }

    /// <summary>How long the profile download stays open, in whole minutes.</summary>
    public int ProfileMinutes => (int)Math.Ceiling(lifetimes.Value.DownloadLifetime.TotalMinutes);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        NoStore();
        var secret = await shownOnce.TakeAsync(User, TempData[TicketKey] as string, cancellationToken);
        if (secret is null)
        {
            return RedirectToPage("Index");
        }

        var servers = mailServers.Value;
        Label = secret.Label;
        DisplayPassword = AppPasswordGenerator.FormatForDisplay(secret.Password);
        UserName = User.FindFirst(PortalClaimTypes.UserPrincipalName)?.Value ?? "";
        MailServers = new (string, MailServerEndpoint)[] { ("Imap", servers.Imap), ("Smtp", servers.Smtp), ("Pop3", servers.Pop3) }
            .Where(s => s.Item2.IsConfigured && s.Item2.SocketSecurity != MailSocketSecurity.None)
            .ToList();
        if (servers.IsConfigured)
        {
            ProfileTicket = await shownOnce.GrantDownloadAsync(User, secret, cancellationToken);
        }

        return Page();
    }

    /// <summary>
    /// The Apple Mail profile for the password just displayed, once, for the user it was displayed to; 404 for a
    /// missing, malformed, forged, expired, already used or another user's ticket.
    /// </summary>
    public async Task<IActionResult> OnPostProfileAsync(string? ticket, CancellationToken cancellationToken)
    {
        NoStore();
        var servers = mailServers.Value;
        var secret = await shownOnce.TakeDownloadAsync(User, ticket, cancellationToken);
        if (secret is null || !servers.IsConfigured)
        {
            return NotFound();
        }

        var loginName = User.FindFirst(PortalClaimTypes.UserPrincipalName)?.Value ?? "";
        var account = new MailAccount(
            EmailAddress: NonEmpty(User.FindFirst(PortalClaimTypes.Email)?.Value, loginName),
            DisplayName: NonEmpty(User.FindFirst(PortalClaimTypes.DisplayName)?.Value, loginName),
            LoginName: loginName);
        var profile = AppleMailProfileBuilder.Build(account, secret.Password, servers);
        return File(profile, AppleMailProfileBuilder.ContentType, AppleMailProfileBuilder.FileName(servers));
    }

    private void NoStore()
    {
        Response.Headers.CacheControl = "no-store";
        Response.Headers.Pragma = "no-cache";
    }

    private static string NonEmpty(string? value, string fallback) => string.IsNullOrWhiteSpace(value) ? fallback : value;
}
