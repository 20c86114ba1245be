using System.ComponentModel.DataAnnotations;
using AppPasswords.Core.AppPasswords;
using AppPasswords.Core.Policy;
using AppPasswords.Web.Auth;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace AppPasswords.Web.Pages.Admin;

[Authorize(Policy = PortalPolicies.Admin)]
public class PolicyModel(IOrganizationPolicyStore store, IUpdateOrganizationPolicyCommand update, IStringLocalizer<SharedResource> localizer) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    [TempData]
    public string? StatusMessage { get; set; }

    public OrganizationPolicy Current { get; private set; } = new();

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Current = await store.GetAsync(cancellationToken);
        Input = InputModel.From(Current);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        Current = await store.GetAsync(cancellationToken);
        var protocols = AppPasswordProtocols.None;
        foreach (var name in Input.AllowedProtocols ?? [])
        {
            protocols |= AppPasswordProtocolNames.TryParse(name, out var protocol) ? protocol : AppPasswordProtocols.None;
        }

        if (protocols == AppPasswordProtocols.None || (Input.AllowedProtocols?.Count ?? 0) > AppPasswordProtocolNames.Each.Count)
        {
            ModelState.AddModelError("Input.AllowedProtocols", localizer["Admin.Policy.ProtocolsRequired"]);
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var result = await update.ExecuteAsync(
            User.GetUserId(),
            new OrganizationPolicyChange(Input.AppPasswordsEnabled, Input.MaxActivePerUser, Input.MaxLifetimeDays, protocols, Input.AllowSkipMfaSetup, Input.SkipMfaSetupDays),
            cancellationToken);
        if (result == OrganizationPolicyUpdateResult.Invalid)
        {
            ModelState.AddModelError(string.Empty, localizer["Admin.Policy.Invalid"]);
            return Page();
        }

        StatusMessage = localizer[result == OrganizationPolicyUpdateResult.Saved ? "Admin.Policy.Saved" : "Admin.Policy.Unchanged"];
        return RedirectToPage();
    }

    public sealed class InputModel
    {
        public bool AppPasswordsEnabled { get; set; }

        [Range(1, UpdateOrganizationPolicyCommand.MaxActiveLimit, ErrorMessage = "Admin.Policy.MaxActiveRange")]
        public int MaxActivePerUser { get; set; }

        /// <summary>Empty: app passwords may never expire.</summary>
        [Range(1, UpdateOrganizationPolicyCommand.MaxLifetimeLimit, ErrorMessage = "Admin.Policy.MaxLifetimeRange")]
        public int? MaxLifetimeDays { get; set; }

        public List<string>? AllowedProtocols { get; set; }

        public bool AllowSkipMfaSetup { get; set; }

        [Range(0, UpdateOrganizationPolicyCommand.MaxSkipDays, ErrorMessage = "Admin.Policy.SkipDaysRange")]
        public int SkipMfaSetupDays { get; set; }

        public static InputModel From(OrganizationPolicy policy) => new()
        {
            AppPasswordsEnabled = policy.AppPasswordsEnabled,
            MaxActivePerUser = policy.MaxActivePerUser,
            MaxLifetimeDays = policy.MaxLifetimeDays,
            AllowedProtocols = [.. AppPasswordProtocolNames.Each.Where(p => policy.AllowedProtocols.HasFlag(p)).Select(AppPasswordProtocolNames.ToWireName)],
            AllowSkipMfaSetup = policy.AllowSkipMfaSetup,
            SkipMfaSetupDays = policy.SkipMfaSetupDays,
        };
    }
}
