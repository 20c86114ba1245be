using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using MailKit.Net.Smtp;
using MailKit.Security;

namespace AppPasswords.Checkpassword.Tests.Postfix;

/// <summary>
/// A private Postfix 3.7 (Debian's <c>postfix</c> package) started as a child process: its own config, queue and data
/// directories in a temporary folder, <c>inet_interfaces = loopback-only</c>, the shipped
/// <c>deploy/postfix/main.cf.apppasswords</c> appended to a minimal main.cf (only the deployment's paths replaced: the
/// Dovecot SASL socket and the certificate), and the shipped <c>master.cf.apppasswords</c> services with their ports moved
/// to free loopback high ports and chroot off. Outgoing mail is relayed to a loopback port (the test's SMTP sink).
/// The master runs in the foreground (<c>master -c dir</c>, its own session so it can stop its children); disposing
/// stops it by its pid.
/// </summary>
internal sealed class PostfixInstance : MailServerProcess
{
    public const string PostfixPath = "/usr/sbin/postfix";
    private const string MasterPath = "/usr/lib/postfix/sbin/master";

    private PostfixInstance(Process master, string root, int submissionPort, int submissionsPort, X509Certificate2 certificate)
        : base("postfix master", master, root, certificate)
    {
        SubmissionPort = submissionPort;
        SubmissionsPort = submissionsPort;
    }

    /// <summary>The shipped <c>submission</c> service (STARTTLS, AUTH required to relay).</summary>
    public int SubmissionPort { get; }

    /// <summary>The shipped <c>submissions</c> service (implicit TLS).</summary>
    public int SubmissionsPort { get; }

    public override string LogPath => Path.Combine(Root, "postfix.log");

    /// <summary>Why Postfix cannot run here, or null.</summary>
    public static string? MissingReason =>
        !File.Exists(PostfixPath) || !File.Exists(MasterPath) ? $"{PostfixPath} is missing: install Debian's postfix (build/install-prerequisites.sh does)"
        : !File.ReadLines("/etc/passwd").Any(l => l.StartsWith("postfix:", StringComparison.Ordinal)) ? "the postfix user is missing (Debian's postfix package creates it)"
        : null;

    public static Task<PostfixInstance> StartAsync(string dovecotAuthSocket, int relayPort, CancellationToken cancellationToken) =>
        StartInTemporaryRootAsync("apppasswords-postfix-", root => StartInAsync(root, dovecotAuthSocket, relayPort, cancellationToken));

    /// <summary>Connects to the submission port with STARTTLS (or submissions with implicit TLS), trusting exactly this instance's certificate.</summary>
    /// <param name="cancellationToken">Cancels the connection attempt.</param>
    /// <param name="implicitTls">Connect to the submissions port instead.</param>
    /// <param name="from">Loopback source address (each one is a separate client for Dovecot's per-IP auth penalty).</param>
    public async Task<SmtpClient> ConnectAsync(CancellationToken cancellationToken, bool implicitTls = false, IPAddress? from = null)
    {
        var client = new SmtpClient
        {
            LocalEndPoint = from is null ? null : new IPEndPoint(from, 0),
            ServerCertificateValidationCallback = (_, certificate, _, _) =>
                certificate is not null && certificate.GetCertHashString() == Certificate.Thumbprint,
        };
        try
        {
            await client.ConnectAsync(
                "127.0.0.1",
                implicitTls ? SubmissionsPort : SubmissionPort,
                implicitTls ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTls,
                cancellationToken);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    private static async Task<PostfixInstance> StartInAsync(string root, string dovecotAuthSocket, int relayPort, CancellationToken cancellationToken)
    {
        var config = Directory.CreateDirectory(Path.Combine(root, "config")).FullName;
        var queue = Directory.CreateDirectory(Path.Combine(root, "queue")).FullName;
        var data = Directory.CreateDirectory(Path.Combine(root, "data")).FullName;
        var (postfixUid, postfixGid) = UserIds("postfix");
        Chown(data, postfixUid, postfixGid);

        var certificate = CreateCertificate();
        var (certPath, keyPath) = await WriteCertificateAsync(certificate, config, cancellationToken);

        var shipped = Path.Combine(RepositoryRoot(), "deploy", "postfix");
        var main = new StringBuilder()
            .AppendLine("# Test instance: private directories, loopback only, mail relayed to the test's SMTP sink.")
            .AppendLine("compatibility_level = 3.6")
            .AppendLine(CultureInfo.InvariantCulture, $"config_directory = {config}")
            .AppendLine(CultureInfo.InvariantCulture, $"queue_directory = {queue}")
            .AppendLine(CultureInfo.InvariantCulture, $"data_directory = {data}")
            .AppendLine(CultureInfo.InvariantCulture, $"maillog_file = {Path.Combine(root, "postfix.log")}")
            .AppendLine(CultureInfo.InvariantCulture, $"maillog_file_prefixes = {root}")
            .AppendLine("inet_interfaces = loopback-only")
            .AppendLine("inet_protocols = ipv4")
            .AppendLine("myhostname = mail.contoso.example")
            .AppendLine("mydestination =")
            .AppendLine("mynetworks =")
            .AppendLine(CultureInfo.InvariantCulture, $"relayhost = [127.0.0.1]:{relayPort}")
            .AppendLine("smtp_dns_support_level = disabled")
            .AppendLine("biff = no")
            .AppendLine("alias_maps =")
            .AppendLine("alias_database =")
            .AppendLine()
            .AppendLine("# --- deploy/postfix/main.cf.apppasswords as shipped, only the deployment's paths replaced ---")
            .AppendLine(WithSettings(await File.ReadAllTextAsync(Path.Combine(shipped, "main.cf.apppasswords"), cancellationToken), new Dictionary<string, string>
            {
                ["smtpd_sasl_path"] = dovecotAuthSocket,
                ["smtpd_tls_cert_file"] = certPath,
                ["smtpd_tls_key_file"] = keyPath,
            }));
        await File.WriteAllTextAsync(Path.Combine(config, "main.cf"), main.ToString(), cancellationToken);

        var submissionPort = FreePort();
        var submissionsPort = FreePort();
        var masterCf = new StringBuilder(BaseServices);
        masterCf.AppendLine("# --- deploy/postfix/master.cf.apppasswords, ports moved to loopback high ports, chroot off ---");
        foreach (var line in await File.ReadAllLinesAsync(Path.Combine(shipped, "master.cf.apppasswords"), cancellationToken))
        {
            masterCf.AppendLine(MoveService(line, new Dictionary<string, int>
            {
                ["submission"] = submissionPort,
                ["submissions"] = submissionsPort,
            }));
        }

        await File.WriteAllTextAsync(Path.Combine(config, "master.cf"), masterCf.ToString(), cancellationToken);

        // `postfix check` creates the queue directories with Postfix's owners and modes (post-install create-missing).
        await RunAsync(PostfixPath, ["-c", config, "check"], root, cancellationToken);

        var start = new ProcessStartInfo(MasterPath) { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(config);
        var process = Process.Start(start) ?? throw new InvalidOperationException("postfix master did not start");
        var instance = new PostfixInstance(process, root, submissionPort, submissionsPort, certificate);
        try
        {
            await instance.WaitUntilListeningAsync(submissionPort, cancellationToken);
        }
        catch
        {
            await instance.DisposeAsync();
            throw;
        }

        return instance;
    }

    /// <summary>The daemons a minimal Postfix needs, none chrooted (the test's directories are not inside a chroot).</summary>
    private const string BaseServices = """
        # service type  private unpriv  chroot  wakeup  maxproc command
        pickup    unix  n       -       n       60      1       pickup
        cleanup   unix  n       -       n       -       0       cleanup
        qmgr      unix  n       -       n       300     1       qmgr
        tlsmgr    unix  -       -       n       1000?   1       tlsmgr
        rewrite   unix  -       -       n       -       -       trivial-rewrite
        bounce    unix  -       -       n       -       0       bounce
        defer     unix  -       -       n       -       0       bounce
        trace     unix  -       -       n       -       0       bounce
        verify    unix  -       -       n       -       1       verify
        flush     unix  n       -       n       1000?   0       flush
        proxymap  unix  -       -       n       -       -       proxymap
        smtp      unix  -       -       n       -       -       smtp
        relay     unix  -       -       n       -       -       smtp
        error     unix  -       -       n       -       -       error
        retry     unix  -       -       n       -       -       error
        discard   unix  -       -       n       -       -       discard
        anvil     unix  -       -       n       -       1       anvil
        scache    unix  -       -       n       -       1       scache
        postlog   unix-dgram n  -       n       -       1       postlogd

        """;

    /// <summary>Replaces the value of each named main.cf setting; every one must be present in the shipped text.</summary>
    internal static string WithSettings(string mainCf, IReadOnlyDictionary<string, string> values)
    {
        foreach (var (name, value) in values)
        {
            var setting = new System.Text.RegularExpressions.Regex($"^{name} = .*$", System.Text.RegularExpressions.RegexOptions.Multiline);
            if (setting.Count(mainCf) != 1)
            {
                throw new InvalidOperationException($"main.cf.apppasswords: expected exactly one '{name} = ' line");
            }

            mainCf = setting.Replace(mainCf, $"{name} = {value}");
        }

        return mainCf;
    }

    /// <summary>
    /// Rewrites a master.cf service line of the shipped snippet: its service name (a port name such as
    /// <c>submission</c>) becomes <c>127.0.0.1:port</c> and its chroot column <c>n</c>; option lines stay as shipped.
    /// </summary>
    internal static string MoveService(string line, IReadOnlyDictionary<string, int> ports)
    {
        if (line.Length == 0 || char.IsWhiteSpace(line[0]) || line[0] == '#')
        {
            return line;
        }

        var fields = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 8 || fields[1] != "inet" || !ports.TryGetValue(fields[0], out var port))
        {
            throw new InvalidOperationException($"master.cf.apppasswords: unexpected service line '{line}'");
        }

        fields[0] = $"127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";
        fields[4] = "n";
        return string.Join(' ', fields);
    }

    private static async Task RunAsync(string program, string[] arguments, string root, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
        var output = await process.StandardOutput.ReadToEndAsync(cancellationToken) + await process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            var log = Path.Combine(root, "postfix.log");
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}: {output} {(File.Exists(log) ? File.ReadAllText(log) : string.Empty)}");
        }
    }

    private static (uint Uid, uint Gid) UserIds(string name)
    {
        foreach (var line in File.ReadLines("/etc/passwd"))
        {
            var fields = line.Split(':');
            if (fields.Length > 3 && fields[0] == name)
            {
                return (uint.Parse(fields[2], CultureInfo.InvariantCulture), uint.Parse(fields[3], CultureInfo.InvariantCulture));
            }
        }

        throw new InvalidOperationException($"user {name} does not exist (Debian's postfix package creates it)");
    }
}
