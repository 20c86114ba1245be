using System.Security.Cryptography;
using AppPasswords.Core.Common;

namespace AppPasswords.Infrastructure.Security;

/// <summary><see cref="IRandomSource"/> over <see cref="RandomNumberGenerator"/>.</summary>
public sealed class SystemRandomSource : IRandomSource
{
    public void Fill(Span<byte> buffer) => RandomNumberGenerator.Fill(buffer);

    public int NextInt32(int toExclusive) => RandomNumberGenerator.GetInt32(toExclusive);
}
