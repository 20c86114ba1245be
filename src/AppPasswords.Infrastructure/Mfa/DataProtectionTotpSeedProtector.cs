using AppPasswords.Core.Mfa;
using Microsoft.AspNetCore.DataProtection;

namespace AppPasswords.Infrastructure.Mfa;

/// <summary>Encrypts TOTP seeds with the portal's Data Protection key ring.</summary>
public sealed class DataProtectionTotpSeedProtector(IDataProtectionProvider provider) : ITotpSeedProtector
{
    public const string Purpose = "AppPasswords.Mfa.TotpSeed.v1";

    private readonly IDataProtector protector = provider.CreateProtector(Purpose);

    public string Protect(ReadOnlySpan<byte> seed) => Convert.ToBase64String(protector.Protect(seed.ToArray()));

    public byte[] Unprotect(string protectedSeed) => protector.Unprotect(Convert.FromBase64String(protectedSeed));
}
