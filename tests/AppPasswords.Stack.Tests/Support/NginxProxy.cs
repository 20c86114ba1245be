using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace AppPasswords.Stack.Tests.Support;

/// <summary>
/// Debian's nginx terminating TLS on a loopback port (a self-signed certificate made here) and proxying round-robin,
/// without stickiness, to the portal instances, with the forwarded headers of docs/operations.md. Its own prefix,
/// configuration, logs and temporary folders live in <c>&lt;root&gt;/nginx</c>; it runs in the foreground as this
/// test's child. Each response carries <see cref="UpstreamHeader"/> naming the instance that answered.
/// </summary>
public sealed class NginxProxy : IAsyncDisposable
{
    public const string Executable = "/usr/sbin/nginx";

    /// <summary>Response header with nginx's <c>$upstream_addr</c>: "127.0.0.1:port", or several when it retried.</summary>
    public const string UpstreamHeader = "x-stack-upstream";

    private readonly ChildProcess process;

    private NginxProxy(ChildProcess process, string prefix, int port)
    {
        this.process = process;
        Prefix = prefix;
        Port = port;
    }

    public string Prefix { get; }

    public int Port { get; }

    public Uri BaseUrl => new($"https://127.0.0.1:{Port}/");

    /// <summary>The access log: one line per request, <c>METHOD URI STATUS UPSTREAMS</c>.</summary>
    public string[] AccessLog()
    {
        var path = Path.Combine(Prefix, "access.log");
        return File.Exists(path) ? File.ReadAllLines(path) : [];
    }

    public string ErrorLog()
    {
        var path = Path.Combine(Prefix, "error.log");
        return File.Exists(path) ? File.ReadAllText(path) : "";
    }

    public static async Task<NginxProxy> StartAsync(string root, IEnumerable<string> upstreams)
    {
        var prefix = Path.Combine(root, "nginx");
        Directory.CreateDirectory(Path.Combine(prefix, "temp"));
        using var certificate = CreateCertificate();
        await File.WriteAllTextAsync(Path.Combine(prefix, "cert.pem"), certificate.ExportCertificatePem());
        var keyPath = Path.Combine(prefix, "key.pem");
        await File.WriteAllTextAsync(keyPath, certificate.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem());
        File.SetUnixFileMode(keyPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var port = ChildProcess.FreePort();
        await File.WriteAllTextAsync(Path.Combine(prefix, "nginx.conf"), Configuration(prefix, port, upstreams));
        var info = new ProcessStartInfo(Executable);
        // -e: the error log before the configuration is read (the compiled-in /var/log/nginx/error.log otherwise).
        foreach (var arg in new[] { "-p", prefix + "/", "-c", "nginx.conf", "-e", "error.log" })
        {
            info.ArgumentList.Add(arg);
        }

        var process = ChildProcess.Start("nginx", info, Path.Combine(root, "nginx.log"));
        var proxy = new NginxProxy(process, prefix, port);
        try
        {
            await process.WaitUntilListeningAsync(port);
        }
        catch (InvalidOperationException e)
        {
            await process.DisposeAsync();
            throw new InvalidOperationException(e.Message + "\n" + proxy.ErrorLog(), e);
        }

        return proxy;
    }

    /// <summary>
    /// The sample of docs/operations.md with test-only differences: loopback port, own prefix, one worker, the
    /// upstream named in a response header, and the user directive only when nginx starts as root (workers would be
    /// <c>nobody</c> otherwise, unable to write the temp folders under this test's root).
    /// </summary>
    private static string Configuration(string prefix, int port, IEnumerable<string> upstreams)
    {
        var servers = string.Concat(upstreams.Select(u => $"        server {u} max_fails=1 fail_timeout=30s;\n"));
        var user = Environment.UserName == "root" ? "user root root;\n" : "";
        return string.Create(CultureInfo.InvariantCulture, $$"""
            {{user}}daemon off;
            master_process on;
            worker_processes 1;
            pid {{prefix}}/nginx.pid;
            error_log {{prefix}}/error.log info;
            events {
                worker_connections 256;
            }
            http {
                log_format stack '$request_method $request_uri $status $upstream_addr';
                access_log {{prefix}}/access.log stack;
                client_body_temp_path {{prefix}}/temp/body;
                proxy_temp_path {{prefix}}/temp/proxy;
                fastcgi_temp_path {{prefix}}/temp/fastcgi;
                uwsgi_temp_path {{prefix}}/temp/uwsgi;
                scgi_temp_path {{prefix}}/temp/scgi;

                upstream portal {
            {{servers}}    }

                server {
                    listen 127.0.0.1:{{port}} ssl;
                    server_name localhost;
                    ssl_certificate {{prefix}}/cert.pem;
                    ssl_certificate_key {{prefix}}/key.pem;
                    ssl_protocols TLSv1.2 TLSv1.3;
                    client_max_body_size 1m;

                    location / {
                        proxy_pass http://portal;
                        proxy_http_version 1.1;
                        proxy_set_header Connection "";
                        proxy_set_header Host $http_host;
                        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                        proxy_set_header X-Forwarded-Proto $scheme;
                        proxy_set_header X-Forwarded-Host $http_host;
                        proxy_next_upstream error timeout;
                        proxy_connect_timeout 2s;
                        add_header {{UpstreamHeader}} $upstream_addr always;
                    }
                }
            }

            """);
    }

    private static X509Certificate2 CreateCertificate()
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

    public ValueTask DisposeAsync() => process.DisposeAsync();
}
