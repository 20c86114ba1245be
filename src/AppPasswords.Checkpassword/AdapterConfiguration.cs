using System.Globalization;

namespace AppPasswords.Checkpassword;

/// <summary>
/// The adapter's configuration file: <c>key = value</c> lines, <c>#</c> comments.
/// <code>
/// verify_url = https://portal.example.com/api/v1/app-passwords/verify
/// service_key_file = /etc/dovecot/apppasswords/service-key
/// timeout_seconds = 5
/// </code>
/// The service key itself lives in its own file, readable only by Dovecot's auth user; it is never taken from the
/// command line or the environment, which other local users can read.
/// </summary>
internal sealed record AdapterConfiguration(Uri VerifyUrl, string ServiceKeyFile, TimeSpan Timeout)
{
    public const int MaxServiceKeyBytes = 1024;

    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Parses the file's text; throws <see cref="FormatException"/> with a message safe to log.</summary>
    public static AdapterConfiguration Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        Uri? url = null;
        string? keyFile = null;
        var timeout = DefaultTimeout;
        var lineNumber = 0;
        foreach (var rawLine in text.Split('\n'))
        {
            lineNumber++;
            var line = rawLine.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new FormatException($"line {lineNumber}: expected 'key = value'");
            }

            var key = line[..equals].Trim();
            var value = line[(equals + 1)..].Trim();
            switch (key)
            {
                case "verify_url":
                    if (!Uri.TryCreate(value, UriKind.Absolute, out url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
                    {
                        throw new FormatException($"line {lineNumber}: verify_url must be an absolute http(s) URL");
                    }

                    break;
                case "service_key_file":
                    if (!Path.IsPathFullyQualified(value))
                    {
                        throw new FormatException($"line {lineNumber}: service_key_file must be an absolute path");
                    }

                    keyFile = value;
                    break;
                case "timeout_seconds":
                    if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || seconds <= 0 || seconds > 60)
                    {
                        throw new FormatException($"line {lineNumber}: timeout_seconds must be a number of seconds between 0 and 60");
                    }

                    timeout = TimeSpan.FromSeconds(seconds);
                    break;
                default:
                    throw new FormatException($"line {lineNumber}: unknown key '{key}'");
            }
        }

        if (url is null)
        {
            throw new FormatException("verify_url is missing");
        }

        if (keyFile is null)
        {
            throw new FormatException("service_key_file is missing");
        }

        return new AdapterConfiguration(url, keyFile, timeout);
    }

    /// <summary>
    /// Reads the service key. Refuses a file that other users may read (mode o+r/o+w), like ssh does with keys,
    /// and a key that is empty or oversized. Throws <see cref="InvalidOperationException"/> with a message safe to log.
    /// </summary>
    public string ReadServiceKey()
    {
        FileInfo file = new(ServiceKeyFile);
        if (!file.Exists)
        {
            throw new InvalidOperationException($"service key file {ServiceKeyFile} does not exist or is not readable");
        }

        if (!OperatingSystem.IsWindows() && (file.UnixFileMode & (UnixFileMode.OtherRead | UnixFileMode.OtherWrite)) != 0)
        {
            throw new InvalidOperationException($"service key file {ServiceKeyFile} is accessible to other users; chmod o-rw it");
        }

        if (file.Length > MaxServiceKeyBytes)
        {
            throw new InvalidOperationException($"service key file {ServiceKeyFile} is larger than {MaxServiceKeyBytes} bytes");
        }

        string key;
        try
        {
            key = File.ReadAllText(ServiceKeyFile).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"service key file {ServiceKeyFile} is not readable by this user", e);
        }

        if (key.Length == 0 || key.Any(char.IsControl) || key.Contains(' ', StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"service key file {ServiceKeyFile} does not hold a key");
        }

        return key;
    }
}
