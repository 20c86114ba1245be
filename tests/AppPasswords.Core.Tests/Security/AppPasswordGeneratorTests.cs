using AppPasswords.Core.Common;
using AppPasswords.Core.Security;

namespace AppPasswords.Core.Tests.Security;

public class AppPasswordGeneratorTests
{
    [Fact]
    public void Generate_WithSystemRandomness_Returns28LowercaseLetters()
    {
        var generator = new AppPasswordGenerator(new CryptoRandom());

        for (var i = 0; i < 200; i++)
        {
            var password = generator.Generate();
            Assert.Equal(28, password.Length);
            Assert.All(password, c => Assert.InRange(c, 'a', 'z'));
        }
    }

    [Fact]
    public void EntropyBits_Is28TimesLog2Of26_AtLeast128()
    {
        Assert.Equal(28 * Math.Log2(26), AppPasswordGenerator.EntropyBits, 6);
        Assert.True(AppPasswordGenerator.EntropyBits >= 128, $"{AppPasswordGenerator.EntropyBits} bits");
    }

    [Fact]
    public void Generate_BytesAtOrAboveRejectionThreshold_AreSkipped()
    {
        Assert.Equal(234, AppPasswordGenerator.RejectionThreshold);
        // 234..255 must be rejected: 234 % 26 == 0 would otherwise make 'a'..'v' more likely than 'w'..'z'.
        var bytes = Enumerable.Range(234, 22).Select(b => (byte)b).Concat(Enumerable.Repeat((byte)1, 28));
        var generator = new AppPasswordGenerator(new ScriptedRandom(bytes));

        Assert.Equal(new string('b', 28), generator.Generate());
    }

    [Fact]
    public void LetterFor_EveryByteValue_EachLetterEquallyLikely()
    {
        // Over all 256 byte values, every letter must come from exactly 234 / 26 = 9 of them and the
        // remaining 22 values must be rejected: a uniform byte then gives a uniform letter.
        var letters = Enumerable.Range(0, 256).Select(b => AppPasswordGenerator.LetterFor((byte)b)).ToList();

        Assert.Equal(22, letters.Count(l => l is null));
        var counts = letters.OfType<char>().GroupBy(c => c).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(26, counts.Count);
        Assert.All(counts.Values, n => Assert.Equal(9, n));
    }

    [Fact]
    public void Generate_ManyPasswords_LetterFrequenciesAreUniform()
    {
        var generator = new AppPasswordGenerator(new CryptoRandom());
        var counts = new int[26];
        const int passwords = 20_000;
        for (var i = 0; i < passwords; i++)
        {
            foreach (var c in generator.Generate())
            {
                counts[c - 'a']++;
            }
        }

        // Chi-squared with 25 degrees of freedom; 60 is far beyond the 0.9999 quantile (~57).
        double expected = passwords * 28 / 26.0;
        var chiSquared = counts.Sum(n => (n - expected) * (n - expected) / expected);
        Assert.True(chiSquared < 60, $"chi-squared {chiSquared}");
    }

    [Theory]
    [InlineData("abcd efgh ijkl mnop qrst uvwx yzab", "abcdefghijklmnopqrstuvwxyzab")]
    [InlineData("ABCDEFGHIJKLMNOPQRSTUVWXYZAB", "abcdefghijklmnopqrstuvwxyzab")]
    [InlineData("  AbCd-efgh\tijkl mnop qrst uvwx yzab ", "abcdefghijklmnopqrstuvwxyzab")]
    public void TryNormalize_AnyCaseAndSpacing_ReturnsLowercaseLetters(string input, string expected)
    {
        Assert.True(AppPasswordGenerator.TryNormalize(input, out var normalized));
        Assert.Equal(expected, normalized);
    }

    [Theory]
    [InlineData("")]
    [InlineData("abcdefghijklmnopqrstuvwxyza")]
    [InlineData("abcdefghijklmnopqrstuvwxyzabc")]
    [InlineData("abcdefghijklmnopqrstuvwxyz1b")]
    [InlineData("abcdefghijklmnopqrstuvwxyzaé")]
    [InlineData("' OR 1=1 --")]
    public void TryNormalize_NotExactly28Letters_ReturnsFalse(string input)
    {
        Assert.False(AppPasswordGenerator.TryNormalize(input, out _));
    }

    [Fact]
    public void FormatForDisplay_GroupsOfFour_SeparatedBySpaces()
    {
        Assert.Equal("abcd efgh ijkl mnop qrst uvwx yzab", AppPasswordGenerator.FormatForDisplay("abcdefghijklmnopqrstuvwxyzab"));
    }
}

internal sealed class CryptoRandom : IRandomSource
{
    public void Fill(Span<byte> buffer) => System.Security.Cryptography.RandomNumberGenerator.Fill(buffer);

    public int NextInt32(int toExclusive) => System.Security.Cryptography.RandomNumberGenerator.GetInt32(toExclusive);
}

/// <summary>Returns the given bytes in order, so a test controls what the generator sees.</summary>
internal sealed class ScriptedRandom(IEnumerable<byte> bytes) : IRandomSource
{
    private readonly Queue<byte> queue = new(bytes);

    public void Fill(Span<byte> buffer)
    {
        for (var i = 0; i < buffer.Length; i++)
        {
            buffer[i] = queue.Count > 0 ? queue.Dequeue() : (byte)255;
        }
    }

    public int NextInt32(int toExclusive) => throw new NotSupportedException();
}
