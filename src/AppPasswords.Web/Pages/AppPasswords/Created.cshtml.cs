using AppPasswords.Core.Security;
using AppPasswords.Web.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AppPasswords.Web.Pages.UserAppPasswords;

/// <summary>Shows a new app password once. Without a valid one-time ticket it redirects to the list.</summary>
[Authorize]
public class CreatedModel(ShownOnceSecretStore shownOnce, IConfiguration configuration) : PageModel
{
    public const string TicketKey = "AppPasswords.Ticket";
    private static readonly string[] MailProtocols = ["Imap", "Smtp", "Pop3"];

    public string Label { get; private set; } = "";

    /// <summary>The password in groups of four, for display and copying.</summary>
    public string DisplayPassword { get; private set; } = "";

    public IReadOnlyList<(string Protocol, MailServerSettings Settings)> MailServers { get; private set; } = [];

    public IActionResult OnGet()
    {
        Response.Headers.CacheControl = "no-store";
        Response.Headers.Pragma = "no-cache";
        var secret = shownOnce.Take(User.GetUserId(), TempData[TicketKey] as string);
        if (secret is null)
        {
            return RedirectToPage("Index");
        }

        Label = secret.Label;
        DisplayPassword = AppPasswordGenerator.FormatForDisplay(secret.Password);
        MailServers = MailProtocols
            .Select(name => (name, configuration.GetSection("MailServers:" + name).Get<MailServerSettings>()))
            .Where(s => s.Item2?.Host is { Length: > 0 })
            .Select(s => (s.name, s.Item2!))
            .ToList();
        return Page();
    }
}
