namespace AppPasswords.Core.AppPasswords;

/// <summary>
/// What <see cref="VerifyAppPasswordCommand"/> reads and writes. Built for the verify API's hot path: everything a
/// check needs comes back from one read, and nothing in it is cached, so a revocation, a block or a policy change
/// made anywhere (another instance, the command line) applies to the very next request.
/// </summary>
public interface IAppPasswordVerificationStore
{
    /// <summary>
    /// In one round trip: the password with this lookup tag and its owner's names (null when none), whether an
    /// administrator blocked app passwords for that owner, and the organisation policy at this moment.
    /// </summary>
    Task<AppPasswordVerificationSnapshot> FindForVerificationAsync(byte[] lookupTag, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records a use unless one was recorded after <paramref name="notUsedSince"/>; true when this call recorded it.
    /// </summary>
    Task<bool> RecordUseAsync(Guid appPasswordId, DateTimeOffset now, AppPasswordProtocols protocol, string? ipAddress, DateTimeOffset notUsedSince, CancellationToken cancellationToken = default);
}

/// <summary>
/// One verification's view of the database. <paramref name="UserBlocked"/> is false when there is no candidate;
/// <paramref name="Policy"/> is always the current organisation policy (configuration defaults until an
/// administrator saves one).
/// </summary>
public sealed record AppPasswordVerificationSnapshot(AppPasswordCandidate? Candidate, bool UserBlocked, AppPasswordPolicy Policy);

/// <summary>A password found by lookup tag and the names its owner may authenticate with.</summary>
public sealed record AppPasswordCandidate(AppPassword AppPassword, string UserPrincipalName, string UserExternalKey);
