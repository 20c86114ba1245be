using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AppPasswords.Web.Pages;

/// <summary>The friendly page the status code pages middleware re-executes for 4xx/5xx responses without a body.</summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
public class StatusCodeModel : PageModel
{
    // Resource keys (Resources/Pages/StatusCode.resx): Title400, Explanation400, ... and TitleOther/ExplanationOther.
    private static readonly HashSet<int> Described = [400, 401, 403, 404, 405, 429, 500, 503];

    public int Code { get; private set; }

    public string TitleKey => Described.Contains(Code) ? $"Title{Code}" : "TitleOther";

    public string ExplanationKey => Described.Contains(Code) ? $"Explanation{Code}" : "ExplanationOther";

    public string RequestId { get; private set; } = string.Empty;

    // The code comes from the route only: a re-executed POST carries the original form, whose fields must not steer this page.
    public void OnGet([FromRoute] int code)
    {
        Code = HttpContext.Features.Get<IStatusCodeReExecuteFeature>() is not null ? Response.StatusCode
            : code is >= 400 and <= 599 ? code
            : 404;
        Response.StatusCode = Code;
        RequestId = HttpContext.TraceIdentifier;
    }

    public void OnPost([FromRoute] int code) => OnGet(code);
}
