using Microsoft.AspNetCore.Http;

namespace AppPasswords.Web.Mfa;

/// <summary>Where the MFA filters send people, and which pages they leave alone.</summary>
internal static class MfaPaths
{
    public const string Setup = "/Mfa/Setup";
    public const string Verify = "/Mfa/Verify";

    private static readonly string[] ExemptPrefixes = ["/Mfa", "/Account", "/Culture", "/Error", "/StatusCode", "/Development"];

    /// <summary>True for pages that must stay reachable while registration or the second factor is outstanding.</summary>
    public static bool IsExempt(string? viewEnginePath) =>
        viewEnginePath is null || ExemptPrefixes.Any(p =>
            viewEnginePath.Equals(p, StringComparison.OrdinalIgnoreCase) || viewEnginePath.StartsWith(p + "/", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Like <see cref="IsExempt"/> for the second-factor check, except the pages that show or end the user's sessions:
    /// a session that knows only the password is sent to <see cref="Verify"/> before it sees them.
    /// </summary>
    public static bool IsExemptFromSecondFactor(string? viewEnginePath) =>
        IsExempt(viewEnginePath) && !string.Equals(viewEnginePath, "/Account/Sessions", StringComparison.OrdinalIgnoreCase);

    public static string WithReturnUrl(string target, HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var path = (request.PathBase + request.Path).ToString();
        var returnUrl = HttpMethods.IsGet(request.Method) ? path + request.QueryString : path;
        return target + "?returnUrl=" + Uri.EscapeDataString(returnUrl);
    }
}
