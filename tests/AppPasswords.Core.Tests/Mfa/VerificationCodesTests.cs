using System.Security.Cryptography;
using AppPasswords.Core.Common;
using AppPasswords.Core.Mfa;

namespace AppPasswords.Core.Tests.Mfa;

public class VerificationCodesTests
{
    [Fact]
    public void Generate_SmallestAndLargestDraw_SixDigitsZeroPadded()
    {
        Assert.Equal("000000", VerificationCodes.Generate(new FixedRandom(0)));
        Assert.Equal("999999", VerificationCodes.Generate(new FixedRandom(999_999)));
    }

    [Fact]
    public void Generate_AsksForExactlyOneMillionValues()
    {
        var random = new FixedRandom(42);

        VerificationCodes.Generate(random);

        Assert.Equal(1_000_000, random.LastBound);
    }

    [Fact]
    public void Generate_ManyCodes_DigitsUniformByChiSquare()
    {
        const int samples = 60_000;
        var counts = new int[6, 10];
        var random = new CsprngRandom();
        for (var i = 0; i < samples; i++)
        {
            var code = VerificationCodes.Generate(random);
            Assert.Matches("^[0-9]{6}$", code);
            for (var position = 0; position < 6; position++)
            {
                counts[position, code[position] - '0']++;
            }
        }

        // df = 9; 45 is far beyond the 1e-6 tail (~42), so this fails only for a real bias such as byte % 10.
        for (var position = 0; position < 6; position++)
        {
            var expected = samples / 10.0;
            var chiSquare = 0.0;
            for (var digit = 0; digit < 10; digit++)
            {
                chiSquare += Math.Pow(counts[position, digit] - expected, 2) / expected;
            }

            Assert.True(chiSquare < 45, $"Digit position {position} looks biased: chi-square {chiSquare:F1}.");
        }
    }

    [Theory]
    [InlineData("123456", "123456")]
    [InlineData(" 123 456 ", "123456")]
    [InlineData("123-456", "123456")]
    public void TryNormalize_AcceptedForms_SixDigits(string input, string expected)
    {
        Assert.True(VerificationCodes.TryNormalize(input, out var code));
        Assert.Equal(expected, code);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("     ")]
    [InlineData("12345")]
    [InlineData("1234567")]
    [InlineData("abcdef")]
    [InlineData("12345a")]
    [InlineData("١٢٣٤٥٦")]
    [InlineData("123456                 ")]
    [InlineData("123456\n")]
    public void TryNormalize_Malformed_Refused(string? input)
    {
        Assert.False(VerificationCodes.TryNormalize(input, out _));
    }

    [Fact]
    public void Hash_SameCodeDifferentSalt_DiffersAndMatchesOnlyItsOwn()
    {
        var random = new CsprngRandom();
        var salt1 = VerificationCodes.NewSalt(random);
        var salt2 = VerificationCodes.NewSalt(random);
        var hash1 = VerificationCodes.Hash("123456", salt1);

        Assert.NotEqual(hash1, VerificationCodes.Hash("123456", salt2));
        Assert.True(VerificationCodes.Matches("123456", salt1, hash1));
        Assert.False(VerificationCodes.Matches("123457", salt1, hash1));
        Assert.False(VerificationCodes.Matches("123456", salt2, hash1));
    }

    private sealed class FixedRandom(int value) : IRandomSource
    {
        public int LastBound { get; private set; }

        public void Fill(Span<byte> buffer) => buffer.Fill(7);

        public int NextInt32(int toExclusive)
        {
            LastBound = toExclusive;
            return value;
        }
    }

    private sealed class CsprngRandom : IRandomSource
    {
        public void Fill(Span<byte> buffer) => RandomNumberGenerator.Fill(buffer);

        public int NextInt32(int toExclusive) => RandomNumberGenerator.GetInt32(toExclusive);
    }
}
