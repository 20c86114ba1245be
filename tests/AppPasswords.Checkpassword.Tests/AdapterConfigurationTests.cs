namespace AppPasswords.Checkpassword.Tests;

public sealed class AdapterConfigurationTests : IDisposable
{
    private readonly DirectoryInfo directory = Directory.CreateTempSubdirectory("checkpassword-config-");

    public void Dispose() => directory.Delete(recursive: true);

    [Fact]
    public void Parse_CompleteFile_ReadsEveryKey()
    {
        var configuration = AdapterConfiguration.Parse("""
            # comment
            verify_url = https://portal.example.com/api/v1/app-passwords/verify

            service_key_file = /etc/dovecot/apppasswords/service-key
            timeout_seconds = 2.5
            """);

        Assert.Equal(new Uri("https://portal.example.com/api/v1/app-passwords/verify"), configuration.VerifyUrl);
        Assert.Equal("/etc/dovecot/apppasswords/service-key", configuration.ServiceKeyFile);
        Assert.Equal(TimeSpan.FromSeconds(2.5), configuration.Timeout);
    }

    [Theory]
    [InlineData("service_key_file = /k", "verify_url is missing")]
    [InlineData("verify_url = http://127.0.0.1/v", "service_key_file is missing")]
    [InlineData("verify_url = ftp://host/v\nservice_key_file = /k", "verify_url")]
    [InlineData("verify_url = /relative\nservice_key_file = /k", "verify_url")]
    [InlineData("verify_url = http://h/v\nservice_key_file = relative/key", "absolute path")]
    [InlineData("verify_url = http://h/v\nservice_key_file = /k\ntimeout_seconds = 0", "timeout_seconds")]
    [InlineData("verify_url = http://h/v\nservice_key_file = /k\ntimeout_seconds = 1e9", "timeout_seconds")]
    [InlineData("verify_url = http://h/v\nservice_key_file = /k\nservice_key = inline-secret", "unknown key")]
    [InlineData("just text", "expected 'key = value'")]
    public void Parse_InvalidFile_ThrowsFormatExceptionNamingTheProblem(string text, string expected)
    {
        var error = Assert.Throws<FormatException>(() => AdapterConfiguration.Parse(text));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadServiceKey_OwnerOnlyFile_ReturnsTrimmedKey()
    {
        var configuration = WithKeyFile("key-abc123\n", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);

        Assert.Equal("key-abc123", configuration.ReadServiceKey());
    }

    [Fact]
    public void ReadServiceKey_WorldReadableFile_RefusesWithoutPrintingTheKey()
    {
        var configuration = WithKeyFile("key-abc123", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);

        var error = Assert.Throws<InvalidOperationException>(configuration.ReadServiceKey);

        Assert.Contains("other users", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("key-abc123", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n")]
    [InlineData("two words")]
    [InlineData("key\u0001control")]
    public void ReadServiceKey_NoUsableKey_Refuses(string content)
    {
        var configuration = WithKeyFile(content, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        Assert.Throws<InvalidOperationException>(configuration.ReadServiceKey);
    }

    [Fact]
    public void ReadServiceKey_OversizedFile_Refuses()
    {
        var configuration = WithKeyFile(new string('k', AdapterConfiguration.MaxServiceKeyBytes + 1), UnixFileMode.UserRead | UnixFileMode.UserWrite);

        Assert.Throws<InvalidOperationException>(configuration.ReadServiceKey);
    }

    [Fact]
    public void ReadServiceKey_MissingFile_Refuses()
    {
        var configuration = new AdapterConfiguration(new Uri("http://127.0.0.1/"), Path.Combine(directory.FullName, "absent"), TimeSpan.FromSeconds(1));

        Assert.Throws<InvalidOperationException>(configuration.ReadServiceKey);
    }

    private AdapterConfiguration WithKeyFile(string content, UnixFileMode mode)
    {
        var path = Path.Combine(directory.FullName, "service-key");
        File.WriteAllText(path, content);
        File.SetUnixFileMode(path, mode);
        return new AdapterConfiguration(new Uri("http://127.0.0.1/"), path, TimeSpan.FromSeconds(1));
    }
}
