namespace AppPasswords.Core.Policy;

/// <summary>The organisation-wide rules an administrator sets on the Policy page. One row, id 1.</summary>
public class OrganizationPolicy
{
    public const int SingletonId = 1;

    /// <summary>Protocols an app password can be restricted to.</summary>
    public static readonly IReadOnlyList<string> KnownProtocols = ["imap", "pop3", "smtp"];

    public int Id { get; set; } = SingletonId;

    /// <summary>When off, no app password can be issued and every verification is rejected at once.</summary>
    public bool AppPasswordsEnabled { get; set; } = true;

    public int MaxActivePerUser { get; set; } = 10;

    /// <summary>Longest lifetime a user may choose; also the default expiry.</summary>
    public int MaxLifetimeDays { get; set; } = 365;

    /// <summary>Comma-separated subset of <see cref="KnownProtocols"/>.</summary>
    public string AllowedProtocols { get; set; } = "imap,pop3,smtp";

    /// <summary>Whether users may postpone MFA registration ("Skip for now").</summary>
    public bool AllowSkipMfaSetup { get; set; } = true;

    /// <summary>For how many days after the first sign-in the skip is offered.</summary>
    public int SkipMfaSetupDays { get; set; } = 14;

    public DateTimeOffset UpdatedAt { get; set; }

    public Guid? UpdatedByUserId { get; set; }

    public IReadOnlyList<string> AllowedProtocolList =>
        AllowedProtocols.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public OrganizationPolicy Copy() => (OrganizationPolicy)MemberwiseClone();
}
