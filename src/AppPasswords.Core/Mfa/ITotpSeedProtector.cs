namespace AppPasswords.Core.Mfa;

/// <summary>Encrypts TOTP seeds at rest (Data Protection in the host).</summary>
public interface ITotpSeedProtector
{
    string Protect(ReadOnlySpan<byte> seed);

    byte[] Unprotect(string protectedSeed);
}
