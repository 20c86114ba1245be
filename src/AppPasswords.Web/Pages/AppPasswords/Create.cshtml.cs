using System.ComponentModel.DataAnnotations;
using AppPasswords.Core.AppPasswords;
using AppPasswords.Web.Auth;
using AppPasswords.Web.Mfa;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AppPasswords.Web.Pages.UserAppPasswords;

/// <summary>
/// Creating an app password mints a long-lived credential: it requires completed MFA registration and a
/// second-factor check within <c>Mfa:StepUpMinutes</c>, asked for before the form is shown so no input is lost.
/// </summary>
[Authorize]
[RequireMfaRegistration]
[RequireRecentSecondFactor(IncludeGet = true)]
public class CreateModel(IIssueAppPasswordCommand issue, IAppPasswordPolicyProvider policies, ShownOnceSecretStore shownOnce) : PageModel
{
    public static readonly int[] ExpiryChoices = [0, 30, 90, 365];

    [BindProperty]
    public InputModel Input { get; set; } = new();

    /// <summary>Expiry choices allowed by the policy, in days; 0 = never.</summary>
    public IReadOnlyList<int> AllowedExpiries { get; private set; } = [];

    public AppPasswordProtocols AllowedProtocols { get; private set; }

    /// <summary>Resource keys of errors, by field (empty key = whole form).</summary>
    public Dictionary<string, string> Errors { get; } = [];

    public bool Enabled { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadPolicyAsync(cancellationToken);
        Input.Protocols = Each(AllowedProtocols).ToList();
        Input.ExpiresInDays = AllowedExpiries[0];
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        Response.Headers.CacheControl = "no-store";
        await LoadPolicyAsync(cancellationToken);
        var label = Input.Label?.Trim() ?? "";
        if (label.Length == 0)
        {
            Errors["Label"] = "Error.LabelRequired";
        }
        else if (label.Length > IssueAppPasswordCommand.MaxLabelLength)
        {
            Errors["Label"] = "Error.LabelTooLong";
        }

        // A forged non-number binds as 0 ("never") with a model-state error: refuse it rather than widen it.
        if (!AllowedExpiries.Contains(Input.ExpiresInDays) || ModelState.GetFieldValidationState("Input.ExpiresInDays") == ModelValidationState.Invalid)
        {
            Errors["ExpiresInDays"] = "Error.ExpiryInvalid";
        }

        var protocols = (Input.Protocols ?? []).Aggregate(AppPasswordProtocols.None, (all, p) => all | p);
        if (protocols == AppPasswordProtocols.None || (protocols & ~AllowedProtocols) != 0)
        {
            Errors["Protocols"] = "Error.ProtocolsRequired";
        }

        if (Errors.Count > 0)
        {
            return Page();
        }

        var userId = User.GetUserId();
        var result = await issue.IssueAsync(
            new IssueAppPasswordRequest(userId, label, Input.ExpiresInDays == 0 ? null : TimeSpan.FromDays(Input.ExpiresInDays), protocols),
            cancellationToken);
        if (!result.Succeeded)
        {
            var (field, key) = result.Error switch
            {
                IssueAppPasswordError.DuplicateLabel => ("Label", "Error.LabelDuplicate"),
                IssueAppPasswordError.InvalidLabel => ("Label", "Error.LabelInvalid"),
                IssueAppPasswordError.LimitReached => ("", "Error.LimitReached"),
                IssueAppPasswordError.NoProtocol or IssueAppPasswordError.ProtocolNotAllowed => ("Protocols", "Error.ProtocolsRequired"),
                _ => ("", "Error.Disabled"),
            };
            Errors[field] = key;
            return Page();
        }

        TempData[CreatedModel.TicketKey] = await shownOnce.PutAsync(User, new ShownOnceSecret(result.AppPassword!.Id, result.AppPassword.Label, result.Password!), cancellationToken);
        return RedirectToPage("Created");
    }

    private async Task LoadPolicyAsync(CancellationToken cancellationToken)
    {
        var policy = await policies.GetPolicyAsync(cancellationToken);
        Enabled = policy.Enabled;
        AllowedProtocols = policy.AllowedProtocols & AppPasswordProtocols.All;
        AllowedExpiries = policy.MaxLifetime is { } max
            ? ExpiryChoices.Where(d => d != 0 && d <= max.TotalDays).DefaultIfEmpty((int)max.TotalDays).ToList()
            : ExpiryChoices;
    }

    public static IEnumerable<AppPasswordProtocols> Each(AppPasswordProtocols protocols) =>
        AppPasswordProtocolNames.Each.Where(p => (protocols & p) != 0);

    public class InputModel
    {
        [Display(Name = "AppPasswords.Label")]
        public string? Label { get; set; }

        public int ExpiresInDays { get; set; }

        public List<AppPasswordProtocols>? Protocols { get; set; } = [];
    }
}
