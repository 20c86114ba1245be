using System.Net;
using System.Text;
using AppPasswords.Core.AppPasswords;
using AppPasswords.Core.Security;
using AppPasswords.Testing;
using AppPasswords.Web.Tests.Api;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AppPasswords.Web.Tests.AppPasswords;

public class AppPasswordStorageTests
{
    [Fact]
    public async Task IssueAndVerify_Secrets_NeverAppearInDatabaseFileWalOrLogs()
    {
        await using var host = new PortalHost();
        using var client = host.CreateRawClient();
        var alice = await host.AddUserAsync("alice");
        var serviceKey = await host.AddServiceKeyAsync();
        var passwords = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            passwords.Add((await host.IssueAsync(alice.Id, $"device {i}")).Password!);
        }

        foreach (var password in passwords)
        {
            using var ok = await client.VerifyAsync(serviceKey.Key, new { user = "alice", password = AppPasswordGenerator.FormatForDisplay(password), protocol = "imap" });
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            using var wrongUser = await client.VerifyAsync(serviceKey.Key, new { user = "mallory", password, protocol = "imap" });
            Assert.Equal(HttpStatusCode.Unauthorized, wrongUser.StatusCode);
        }

        var secrets = passwords
            .SelectMany(p => new[] { p, p.ToUpperInvariant(), AppPasswordGenerator.FormatForDisplay(p), p[..14], p[14..] })
            .Append(serviceKey.Key)
            .Append(serviceKey.Key[^43..])
            .ToList();
        var logs = host.Logs.AllText();
        Assert.NotEmpty(logs);
        var files = new[] { host.DatabasePath, host.DatabasePath + "-wal" }.Where(File.Exists).ToList();
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var bytes = ReadShared(file);
            foreach (var secret in secrets)
            {
                Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(secret)));
                Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.Unicode.GetBytes(secret)));
            }
        }

        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, logs, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task Issue_TwentyConcurrentAt39Active_LeavesExactly40()
    {
        await using var host = new PortalHost();
        host.Start();
        var alice = await host.AddUserAsync("alice");
        for (var i = 0; i < 39; i++)
        {
            await host.IssueAsync(alice.Id, $"existing {i}");
        }

        using var start = new ManualResetEventSlim();
        var tasks = Enumerable.Range(0, 20).Select(i => Task.Run(async () =>
        {
            await using var scope = host.Services.CreateAsyncScope();
            var command = scope.ServiceProvider.GetRequiredService<IIssueAppPasswordCommand>();
            start.Wait(TestContext.Current.CancellationToken);
            return await command.IssueAsync(new IssueAppPasswordRequest(alice.Id, $"parallel {i}", null, AppPasswordProtocols.All), TestContext.Current.CancellationToken);
        })).ToList();
        start.Set();
        var results = await Task.WhenAll(tasks);

        Assert.Single(results, r => r.Succeeded);
        Assert.Equal(19, results.Count(r => r.Error == IssueAppPasswordError.LimitReached));
        Assert.Equal(40, await host.InScopeAsync(db => db.Set<AppPassword>().CountAsync(p => p.UserId == alice.Id, TestContext.Current.CancellationToken)));
    }

    [Fact]
    public async Task Issue_TwentyConcurrentSameLabel_OnlyOneWins()
    {
        await using var host = new PortalHost();
        host.Start();
        var alice = await host.AddUserAsync("alice");

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(async () =>
        {
            await using var scope = host.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<IIssueAppPasswordCommand>()
                .IssueAsync(new IssueAppPasswordRequest(alice.Id, "Phone", null, AppPasswordProtocols.All), TestContext.Current.CancellationToken);
        })));

        Assert.Single(results, r => r.Succeeded);
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Equal(IssueAppPasswordError.DuplicateLabel, r.Error));
    }

    [Fact]
    public async Task Verify_WithManyPasswords_UsesOneIndexedLookupByTag()
    {
        await using var host = new PortalHost();
        host.Start();
        var plan = await host.InScopeAsync(async db =>
        {
            var query = db.Set<AppPassword>().Where(p => p.LookupTag == new byte[16]).ToQueryString();
            var connection = (SqliteConnection)db.Database.GetDbConnection();
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "EXPLAIN QUERY PLAN " + query.Replace("DECLARE", "-- DECLARE", StringComparison.Ordinal);
            await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
            var text = new StringBuilder();
            while (await reader.ReadAsync(TestContext.Current.CancellationToken))
            {
                text.AppendLine(reader.GetString(3));
            }

            return text.ToString();
        });

        Assert.Contains("USING INDEX IX_AppPasswords_LookupTag", plan, StringComparison.Ordinal);
    }

    private static byte[] ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }
}
