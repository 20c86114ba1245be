namespace AppPasswords.Web.Auth;

/// <summary>Configuration section <c>Authentication</c> (sessions and throttling have their own sub-sections).</summary>
public sealed class PortalAuthenticationOptions
{
    public const string Section = "Authentication";

    /// <summary>The role that grants the admin pages: the Entra app role value, also given to local admins.</summary>
    public string AdminRole { get; set; } = "AppPasswords.Admin";

    /// <summary>Whether Entra ID is configured (<c>AzureAd:ClientId</c> set); otherwise the built-in directory signs users in.</summary>
    public static bool IsEntraConfigured(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return !string.IsNullOrWhiteSpace(configuration["AzureAd:ClientId"]);
    }
}
