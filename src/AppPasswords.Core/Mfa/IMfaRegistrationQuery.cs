namespace AppPasswords.Core.Mfa;

/// <summary>Answers whether a user has finished MFA registration ("Set it up now"); app passwords require it.</summary>
public interface IMfaRegistrationQuery
{
    Task<MfaRegistrationState> GetStateAsync(Guid userId, CancellationToken cancellationToken = default);
}

/// <summary>Registration is complete with at least one MFA method and one verified alternate contact.</summary>
public sealed record MfaRegistrationState(bool HasMfaMethod, bool HasVerifiedAlternateContact)
{
    public bool IsComplete => HasMfaMethod && HasVerifiedAlternateContact;
}
