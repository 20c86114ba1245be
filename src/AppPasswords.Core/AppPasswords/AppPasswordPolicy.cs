namespace AppPasswords.Core.AppPasswords;

/// <summary>The organisation's rules for app passwords.</summary>
/// <param name="Enabled">When false no app password can be created or used.</param>
/// <param name="MaxActivePerUser">Active (not revoked, not expired) passwords one user may hold; 40 like Microsoft 365.</param>
/// <param name="MaxLifetime">Longest allowed lifetime; null allows passwords that never expire.</param>
/// <param name="AllowedProtocols">Protocols app passwords may be issued for and used with.</param>
public sealed record AppPasswordPolicy(bool Enabled, int MaxActivePerUser, TimeSpan? MaxLifetime, AppPasswordProtocols AllowedProtocols)
{
    public static AppPasswordPolicy Default { get; } = new(true, 40, null, AppPasswordProtocols.All);

    /// <summary>The expiry of a password created at <paramref name="now"/> asking for <paramref name="requested"/>, capped by <see cref="MaxLifetime"/>.</summary>
    public DateTimeOffset? ExpiryFor(DateTimeOffset now, TimeSpan? requested)
    {
        var lifetime = (requested, MaxLifetime) switch
        {
            (null, null) => (TimeSpan?)null,
            (null, { } max) => max,
            ({ } r, null) => r,
            ({ } r, { } max) => r < max ? r : max,
        };
        return lifetime is { } l ? now + l : null;
    }
}

/// <summary>
/// Supplies the current <see cref="AppPasswordPolicy"/>. Backed by configuration today; the admin area
/// stores it in the database later by registering another implementation.
/// </summary>
public interface IAppPasswordPolicyProvider
{
    ValueTask<AppPasswordPolicy> GetPolicyAsync(CancellationToken cancellationToken = default);
}

/// <summary>Configuration section <c>AppPasswords:Policy</c>.</summary>
public sealed class AppPasswordPolicyOptions
{
    public const string SectionName = "AppPasswords:Policy";

    public bool Enabled { get; set; } = true;

    public int MaxActivePerUser { get; set; } = 40;

    /// <summary>Null or 0: no maximum lifetime.</summary>
    public int? MaxLifetimeDays { get; set; }

    public AppPasswordProtocols AllowedProtocols { get; set; } = AppPasswordProtocols.All;

    public AppPasswordPolicy ToPolicy() => new(
        Enabled,
        MaxActivePerUser,
        MaxLifetimeDays is > 0 ? TimeSpan.FromDays(MaxLifetimeDays.Value) : null,
        AllowedProtocols);
}

/// <summary>
/// Whether an administrator has blocked app passwords for one user. No block exists until the admin area
/// adds one; the default implementation answers false.
/// </summary>
public interface IAppPasswordUserRestrictions
{
    ValueTask<bool> IsBlockedAsync(Guid userId, CancellationToken cancellationToken = default);
}

public sealed class NoAppPasswordUserRestrictions : IAppPasswordUserRestrictions
{
    public ValueTask<bool> IsBlockedAsync(Guid userId, CancellationToken cancellationToken = default) => ValueTask.FromResult(false);
}
