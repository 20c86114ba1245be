using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace AppPasswords.Checkpassword.Tests;

/// <summary>
/// What <see cref="Dovecot.DovecotInstance"/> and <see cref="Postfix.PostfixInstance"/> share: a mail server master
/// started as a child process with its files in a temporary root folder and a fresh self-signed certificate, waited on
/// until its port accepts connections, and on dispose stopped with SIGTERM (its whole tree killed after 10 s) and its
/// folder deleted. Also the helpers both need to set such a folder up (free ports, chown, the repository root).
/// </summary>
internal abstract partial class MailServerProcess : IAsyncDisposable
{
    private readonly string name;

    protected MailServerProcess(string name, Process master, string root, X509Certificate2 certificate)
    {
        this.name = name;
        Master = master;
        Root = root;
        Certificate = certificate;
    }

    public X509Certificate2 Certificate { get; }

    public abstract string LogPath { get; }

    protected Process Master { get; }

    protected string Root { get; }

    public string ReadLog() => File.Exists(LogPath) ? File.ReadAllText(LogPath) : string.Empty;

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!Master.HasExited)
            {
                // SIGTERM to the master: it stops its children (imap/auth workers, smtpd, qmgr, ...) and exits.
                _ = Kill(await StopSignalTargetAsync(), 15);
                using var stopped = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                try
                {
                    await Master.WaitForExitAsync(stopped.Token);
                }
                catch (OperationCanceledException)
                {
                    Master.Kill(entireProcessTree: true);
                }
            }
        }
        finally
        {
            Master.Dispose();
            Certificate.Dispose();
            try
            {
                Directory.Delete(Root, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A straggling child still writing a maildir or queue file; the OS temp cleaner takes it.
            }
        }
    }

    /// <summary>The process id that gets SIGTERM on dispose; the started master unless the server says otherwise.</summary>
    protected virtual Task<int> StopSignalTargetAsync() => Task.FromResult(Master.Id);

    /// <summary>Returns once <paramref name="port"/> on loopback accepts a connection; throws if the master exits or 20 s pass.</summary>
    protected async Task WaitUntilListeningAsync(int port, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (Master.HasExited)
            {
                throw new InvalidOperationException($"{name} exited with {Master.ExitCode}: {await Master.StandardError.ReadToEndAsync(cancellationToken)} {ReadLog()}");
            }

            using var probe = new TcpClient();
            try
            {
                await probe.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
                return;
            }
            catch (SocketException) when (deadline.Elapsed < TimeSpan.FromSeconds(20))
            {
                // Polls a port that is not open yet (connection refused comes back at once); not a synchronisation sleep.
                await Task.Delay(50, cancellationToken);
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="start"/> in a new temporary folder (readable by the server's unprivileged users);
    /// the folder is deleted when starting fails.
    /// </summary>
    protected static async Task<T> StartInTemporaryRootAsync<T>(string prefix, Func<string, Task<T>> start)
    {
        ArgumentNullException.ThrowIfNull(start);
        var root = Directory.CreateTempSubdirectory(prefix).FullName;
        try
        {
            File.SetUnixFileMode(root, (UnixFileMode)0b111_101_101);
            return await start(root);
        }
        catch
        {
            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }

            throw;
        }
    }

    /// <summary>Writes the certificate and its private key (owner-only) as <c>cert.pem</c> and <c>key.pem</c> into <paramref name="directory"/>.</summary>
    protected static async Task<(string CertPath, string KeyPath)> WriteCertificateAsync(X509Certificate2 certificate, string directory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var certPath = Path.Combine(directory, "cert.pem");
        var keyPath = Path.Combine(directory, "key.pem");
        await File.WriteAllTextAsync(certPath, certificate.ExportCertificatePem(), cancellationToken);
        await File.WriteAllTextAsync(keyPath, certificate.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem(), cancellationToken);
        File.SetUnixFileMode(keyPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return (certPath, keyPath);
    }

    internal static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "AppPasswords.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("AppPasswords.sln not found above " + AppContext.BaseDirectory);
    }

    internal static X509Certificate2 CreateCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    internal static void Chown(string path, uint uid, uint gid)
    {
        if (NativeChown(path, uid, gid) != 0)
        {
            throw new IOException($"chown {path} failed (errno {Marshal.GetLastPInvokeError()}); the mail server tests run as root");
        }
    }

    [LibraryImport("libc", EntryPoint = "chown", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int NativeChown(string path, uint uid, uint gid);

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    internal static partial int Kill(int pid, int signal);
}
