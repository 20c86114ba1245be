using AppPasswords.Core.AppPasswords;
using AppPasswords.Core.Mfa;

namespace AppPasswords.Core.Policy;

/// <summary>The organisation-wide rules an administrator sets on the Policy page. One row, id 1.</summary>
public class OrganizationPolicy
{
    public const int SingletonId = 1;

    public int Id { get; set; } = SingletonId;

    /// <summary>When off, no app password can be issued and every verification is rejected at once.</summary>
    public bool AppPasswordsEnabled { get; set; } = true;

    public int MaxActivePerUser { get; set; } = AppPasswordPolicy.Default.MaxActivePerUser;

    /// <summary>Longest lifetime a user may choose, in days; null allows passwords that never expire.</summary>
    public int? MaxLifetimeDays { get; set; }

    public AppPasswordProtocols AllowedProtocols { get; set; } = AppPasswordProtocols.All;

    /// <summary>Whether users may postpone MFA registration ("Skip for now").</summary>
    public bool AllowSkipMfaSetup { get; set; } = true;

    /// <summary>For how many days after the user's first skip the skip is offered again.</summary>
    public int SkipMfaSetupDays { get; set; } = 14;

    public DateTimeOffset UpdatedAt { get; set; }

    public Guid? UpdatedByUserId { get; set; }

    /// <summary>
    /// The policy with app password values (and, when given, the MFA skip values from <see cref="MfaOptions.AllowSkipDays"/>)
    /// taken from configuration, used until an administrator saves one.
    /// </summary>
    public static OrganizationPolicy FromConfiguration(AppPasswordPolicyOptions options, MfaOptions? mfa = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var policy = new OrganizationPolicy
        {
            AppPasswordsEnabled = options.Enabled,
            MaxActivePerUser = options.MaxActivePerUser,
            MaxLifetimeDays = options.MaxLifetimeDays is > 0 ? options.MaxLifetimeDays : null,
            AllowedProtocols = options.AllowedProtocols & AppPasswordProtocols.All,
        };
        if (mfa is not null)
        {
            policy.AllowSkipMfaSetup = mfa.AllowSkipDays > 0;
            policy.SkipMfaSetupDays = mfa.AllowSkipDays;
        }

        return policy;
    }

    public AppPasswordPolicy ToAppPasswordPolicy() => new(
        AppPasswordsEnabled,
        MaxActivePerUser,
        MaxLifetimeDays is { } days ? TimeSpan.FromDays(days) : null,
        AllowedProtocols);

    public OrganizationPolicy Copy() => (OrganizationPolicy)MemberwiseClone();
}
