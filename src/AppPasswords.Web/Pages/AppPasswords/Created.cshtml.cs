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
/// configuration profile holding the password once (<see cref="OnPostProfile"/>); after that, or after
/// <see cref="ShownOnceSecretStore.DownloadLifetime"/>, the server has forgotten the password.
/// </summary>
[Authorize]
public class CreatedModel(ShownOnceSecretStore shownOnce, IOptionsSnapshot<MailServerOptions> mailServers) : PageModel
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

    public IActionResult OnGet()
    {
        NoStore();
        var userId = User.GetUserId();
        var secret = shownOnce.Take(userId, TempData[TicketKey] as string);
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
            ProfileTicket = shownOnce.GrantDownload(userId, secret);
        }

        return Page();
    }

    /// <summary>
    /// The Apple Mail profile for the password just displayed, once, for the user it was displayed to; 404 for a
    /// missing, malformed, forged, expired, already used or another user's ticket.
    /// </summary>
    public IActionResult OnPostProfile(string? ticket)
    {
        NoStore();
        var servers = mailServers.Value;
        var secret = shownOnce.TakeDownload(User.GetUserId(), ticket);
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
