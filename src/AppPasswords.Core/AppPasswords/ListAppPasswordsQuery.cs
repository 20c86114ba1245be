namespace AppPasswords.Core.AppPasswords;

/// <summary>The signed-in user's own app passwords.</summary>
public interface IListAppPasswordsQuery
{
    Task<IReadOnlyList<AppPassword>> ListAsync(Guid userId, CancellationToken cancellationToken = default);

    /// <summary>One of the user's passwords; null when the id is unknown or belongs to someone else.</summary>
    Task<AppPassword?> FindAsync(Guid userId, Guid appPasswordId, CancellationToken cancellationToken = default);
}

public sealed class ListAppPasswordsQuery(IAppPasswordStore store) : IListAppPasswordsQuery
{
    public Task<IReadOnlyList<AppPassword>> ListAsync(Guid userId, CancellationToken cancellationToken = default) =>
        store.ListForUserAsync(userId, cancellationToken);

    public Task<AppPassword?> FindAsync(Guid userId, Guid appPasswordId, CancellationToken cancellationToken = default) =>
        store.FindForUserAsync(userId, appPasswordId, cancellationToken);
}
