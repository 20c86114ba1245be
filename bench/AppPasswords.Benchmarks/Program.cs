using System.Security.Cryptography;
using AppPasswords.Core.Security;
using AppPasswords.Infrastructure.Security;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(AppPasswords.Benchmarks.SecretBenchmarks).Assembly).Run(args);

namespace AppPasswords.Benchmarks
{

/// <summary>Cost of making and checking app passwords: generation, normalization, hashing, lookup tags, verification.</summary>
[MemoryDiagnoser]
public class SecretBenchmarks
{
    private readonly AppPasswordGenerator generator = new(new SystemRandomSource());
    private readonly AppPasswordHasher hasher = new(new HashKeyRing([new HashKey("k1", RandomNumberGenerator.GetBytes(32))], "k1"));
    private string password = "";
    private SecretHash hash = null!;

    [GlobalSetup]
    public void Setup()
    {
        password = generator.Generate();
        hash = hasher.Hash(password, HashPurpose.AppPassword);
    }

    [Benchmark]
    public string Generate() => generator.Generate();

    [Benchmark]
    public bool NormalizeDisplayForm() => AppPasswordGenerator.TryNormalize("ABCD efgh IJKL mnop QRST uvwx YZAB", out _);

    [Benchmark]
    public SecretHash Hash() => hasher.Hash(password, HashPurpose.AppPassword);

    [Benchmark]
    public IReadOnlyList<byte[]> LookupTags() => hasher.LookupTags(password, HashPurpose.AppPassword);

    [Benchmark]
    public bool Verify() => hasher.Verify(password, hash.Version, hash.KeyId, hash.Hash, HashPurpose.AppPassword);
}
}
