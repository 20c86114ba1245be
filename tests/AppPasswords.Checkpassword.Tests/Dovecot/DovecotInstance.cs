using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using MailKit.Net.Imap;
using MailKit.Security;

namespace AppPasswords.Checkpassword.Tests.Dovecot;

/// <summary>The two shipped ways Dovecot checks a login against the verify API.</summary>
public enum PassdbBackend
{
    /// <summary><c>deploy/dovecot/passdb-checkpassword.conf</c>: the adapter, a process per login.</summary>
    Checkpassword,

    /// <summary><c>deploy/dovecot/passdb-lua.conf</c> + <c>apppasswords-passdb.lua</c>: dovecot.http in the auth worker.</summary>
    Lua,
}

/// <summary>
/// A real Dovecot master (<c>dovecot -F</c>) started as a child process on a free loopback port, with the shipped
/// <c>deploy/dovecot</c> templates rendered into a temporary folder that the <c>dovecot</c> user can read, the adapter
/// copied next to them and a fresh self-signed certificate. Disposing stops it by the pid in <c>base_dir/master.pid</c>.
/// </summary>
internal sealed class DovecotInstance : MailServerProcess
{
    public const string DovecotPath = "/usr/sbin/dovecot";
    private const int MailUid = 5000;

    private DovecotInstance(Process master, string root, int imapPort, X509Certificate2 certificate)
        : base("dovecot", master, root, certificate)
    {
        ImapPort = imapPort;
    }

    public int ImapPort { get; }

    public override string LogPath => Path.Combine(Root, "dovecot.log");

    public string ServiceKeyPath => Path.Combine(Root, "service-key");

    /// <summary>The SASL socket Postfix would use (<c>smtpd_sasl_type = dovecot</c>).</summary>
    public string PostfixAuthSocket => Path.Combine(Root, "run", "auth-postfix");

    /// <summary>
    /// Authenticates through the Postfix SASL socket exactly as Postfix's smtpd does (Dovecot auth protocol,
    /// service=smtp), using <c>doveadm auth test</c>; returns doveadm's exit code and output.
    /// </summary>
    public async Task<(int ExitCode, string Output)> AuthenticateAsPostfixAsync(string user, string password, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("/usr/bin/doveadm") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var argument in new[] { "-c", Path.Combine(Root, "dovecot.conf"), "auth", "test", "-a", PostfixAuthSocket, "-x", "service=smtp", "-x", "rip=127.0.0.1", user })
        {
            start.ArgumentList.Add(argument);
        }

        // The password goes on stdin: doveadm asks for it when it is not an argument, so it never shows in ps.
        using var process = Process.Start(start) ?? throw new InvalidOperationException("doveadm did not start");
        await process.StandardInput.WriteLineAsync(password.AsMemory(), cancellationToken);
        process.StandardInput.Close();
        var output = await process.StandardOutput.ReadToEndAsync(cancellationToken) + await process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, output);
    }

    /// <summary>Why the Dovecot tests cannot run here with this passdb, or null.</summary>
    public static string? MissingReason(PassdbBackend passdb) =>
        !File.Exists(DovecotPath) ? $"{DovecotPath} is missing: install Debian's dovecot-imapd (build/install-prerequisites.sh does)"
        : passdb == PassdbBackend.Lua && !File.Exists(LuaPassdbModule) ? $"{LuaPassdbModule} is missing: install Debian's dovecot-auth-lua (build/install-prerequisites.sh does)"
        : null;

    private const string LuaPassdbModule = "/usr/lib/dovecot/modules/auth/libauthdb_lua.so";

    /// <summary>
    /// Starts Dovecot with <paramref name="passdb"/>; <paramref name="authSocketOwner"/> owns the Postfix SASL socket
    /// (user and group, mode 0660): <c>postfix</c> when a real smtpd connects.
    /// </summary>
    public static Task<DovecotInstance> StartAsync(Uri verifyUrl, string serviceKey, CancellationToken cancellationToken, PassdbBackend passdb = PassdbBackend.Checkpassword, string authSocketOwner = "root") =>
        StartInTemporaryRootAsync("apppasswords-dovecot-", root => StartInAsync(root, verifyUrl, serviceKey, passdb, authSocketOwner, cancellationToken));

    private static async Task<DovecotInstance> StartInAsync(string root, Uri verifyUrl, string serviceKey, PassdbBackend passdb, string authSocketOwner, CancellationToken cancellationToken)
    {
        var dovecotGid = GroupId("dovecot");

        var adapterDirectory = Directory.CreateDirectory(Path.Combine(root, "adapter")).FullName;
        foreach (var file in Directory.EnumerateFiles(AppContext.BaseDirectory, "apppasswords-checkpassword*"))
        {
            File.Copy(file, Path.Combine(adapterDirectory, Path.GetFileName(file)));
        }

        var mail = Directory.CreateDirectory(Path.Combine(root, "mail")).FullName;
        Chown(mail, MailUid, MailUid);
        var keyFile = Path.Combine(root, "service-key");
        await File.WriteAllTextAsync(keyFile, serviceKey + "\n", cancellationToken);
        Chown(keyFile, 0, dovecotGid);
        File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);

        var certificate = CreateCertificate();
        var (certPath, keyPath) = await WriteCertificateAsync(certificate, root, cancellationToken);

        var imapPort = FreePort();
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "/usr/bin/dotnet";
        var adapterConfig = Path.Combine(root, "checkpassword.conf");
        await RenderAsync("checkpassword.conf", adapterConfig, new()
        {
            ["VERIFY_URL"] = verifyUrl.ToString(),
            ["SERVICE_KEY_FILE"] = keyFile,
        }, cancellationToken);
        var passdbConfig = Path.Combine(root, "passdb.conf");
        if (passdb == PassdbBackend.Lua)
        {
            var script = Path.Combine(root, "apppasswords-passdb.lua");
            await RenderAsync("apppasswords-passdb.lua", script, new() { ["PASSDB_CONFIG"] = adapterConfig }, cancellationToken);
            await RenderAsync("passdb-lua.conf", passdbConfig, new() { ["LUA_SCRIPT"] = script }, cancellationToken);
        }
        else
        {
            await RenderAsync("passdb-checkpassword.conf", passdbConfig, new()
            {
                ["ADAPTER"] = $"{dotnet} {Path.Combine(adapterDirectory, "apppasswords-checkpassword.dll")}",
                ["ADAPTER_CONFIG"] = adapterConfig,
            }, cancellationToken);
        }

        var dovecotConfig = Path.Combine(root, "dovecot.conf");
        await RenderAsync("dovecot.conf", dovecotConfig, new()
        {
            ["BASE_DIR"] = Path.Combine(root, "run"),
            ["STATE_DIR"] = Path.Combine(root, "state"),
            ["LOG_PATH"] = Path.Combine(root, "dovecot.log"),
            ["LISTEN"] = "127.0.0.1",
            ["IMAP_PORT"] = imapPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["IMAPS_PORT"] = "0",
            ["SSL_CERT"] = certPath,
            ["SSL_KEY"] = keyPath,
            ["PASSDB_CONF"] = passdbConfig,
            ["MAIL_UID"] = MailUid.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["MAIL_GID"] = MailUid.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["MAIL_ROOT"] = mail,
            ["POSTFIX_AUTH_SOCKET"] = "auth-postfix",
            ["AUTH_SOCKET_USER"] = authSocketOwner,
            ["AUTH_SOCKET_GROUP"] = authSocketOwner,
        }, cancellationToken);

        var start = new ProcessStartInfo(DovecotPath) { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add("-F");
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(dovecotConfig);
        var master = Process.Start(start) ?? throw new InvalidOperationException("dovecot did not start");
        var instance = new DovecotInstance(master, root, imapPort, certificate);
        try
        {
            await instance.WaitUntilListeningAsync(imapPort, cancellationToken);
        }
        catch
        {
            await instance.DisposeAsync();
            throw;
        }

        return instance;
    }

    /// <summary>Connects with STARTTLS (trusting exactly this instance's certificate) and authenticates.</summary>
    public async Task<ImapClient> LoginAsync(string user, string password, CancellationToken cancellationToken)
    {
        var client = new ImapClient
        {
            ServerCertificateValidationCallback = (_, certificate, _, _) =>
                certificate is not null && certificate.GetCertHashString() == Certificate.Thumbprint,
        };
        try
        {
            await client.ConnectAsync("127.0.0.1", ImapPort, SecureSocketOptions.StartTls, cancellationToken);
            await client.AuthenticateAsync(user, password, cancellationToken);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>SIGTERM goes to the pid in <c>base_dir/master.pid</c> (the master, also if <c>-F</c> ever forks).</summary>
    protected override async Task<int> StopSignalTargetAsync()
    {
        var pidFile = Path.Combine(Root, "run", "master.pid");
        return File.Exists(pidFile) && int.TryParse((await File.ReadAllTextAsync(pidFile)).Trim(), out var pid) ? pid : Master.Id;
    }

    private static async Task RenderAsync(string template, string destination, Dictionary<string, string> values, CancellationToken cancellationToken)
    {
        var text = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot(), "deploy", "dovecot", template), cancellationToken);
        foreach (var (name, value) in values)
        {
            text = text.Replace($"@{name}@", value, StringComparison.Ordinal);
        }

        var unreplaced = System.Text.RegularExpressions.Regex.Match(text, "@[A-Z_]+@");
        if (unreplaced.Success)
        {
            throw new InvalidOperationException($"{template}: placeholder {unreplaced.Value} has no value");
        }

        await File.WriteAllTextAsync(destination, text, cancellationToken);
    }

    internal static uint GroupId(string name)
    {
        foreach (var line in File.ReadLines("/etc/group"))
        {
            var fields = line.Split(':');
            if (fields.Length > 2 && fields[0] == name)
            {
                return uint.Parse(fields[2], System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException($"group {name} does not exist (dovecot-core creates it)");
    }

    private static void Chown(string path, int uid, int gid) => Chown(path, (uint)uid, (uint)gid);
}
