namespace AppPasswords.Core.AppPasswords;

/// <summary>Persistence of app passwords (verification has its own port, <see cref="IAppPasswordVerificationStore"/>). Every method that reads or changes one user's passwords takes that user's id.</summary>
public interface IAppPasswordStore
{
    /// <summary>
    /// Adds <paramref name="appPassword"/> unless its user already holds <paramref name="maxActive"/> active passwords
    /// or an unrevoked password with the same label (case-insensitive). Serialized per user, so concurrent calls
    /// can never exceed the limit.
    /// </summary>
    Task<AppPasswordAddOutcome> AddWithinLimitAsync(AppPassword appPassword, int maxActive, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>The user's passwords, newest first.</summary>
    Task<IReadOnlyList<AppPassword>> ListForUserAsync(Guid userId, CancellationToken cancellationToken = default);

    Task<AppPassword?> FindForUserAsync(Guid userId, Guid appPasswordId, CancellationToken cancellationToken = default);

    /// <summary>Revokes one unrevoked password of the user; false when there is none with that id.</summary>
    Task<bool> RevokeAsync(Guid userId, Guid appPasswordId, DateTimeOffset now, string reason, CancellationToken cancellationToken = default);

    /// <summary>Revokes every unrevoked password of the user and returns how many.</summary>
    Task<int> RevokeAllAsync(Guid userId, DateTimeOffset now, string reason, CancellationToken cancellationToken = default);
}

public enum AppPasswordAddOutcome
{
    Added,
    LimitReached,
    DuplicateLabel,
}
