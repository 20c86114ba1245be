namespace AppPasswords.Core.Common;

/// <summary>
/// The one source of randomness for anything secret (app passwords, codes, seeds, keys).
/// Implemented over the operating system's CSPRNG; injected so tests can observe how it is used.
/// </summary>
public interface IRandomSource
{
    /// <summary>Fills <paramref name="buffer"/> with cryptographically strong random bytes.</summary>
    void Fill(Span<byte> buffer);

    /// <summary>Returns a uniformly distributed integer in [0, <paramref name="toExclusive"/>) without modulo bias.</summary>
    int NextInt32(int toExclusive);
}
