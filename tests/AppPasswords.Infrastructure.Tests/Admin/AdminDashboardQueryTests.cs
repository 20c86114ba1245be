using System.Data.Common;
using AppPasswords.Core.AppPasswords;
using AppPasswords.Core.Users;
using AppPasswords.Infrastructure.Admin;
using AppPasswords.Infrastructure.Persistence;
using AppPasswords.Infrastructure.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Time.Testing;

namespace AppPasswords.Infrastructure.Tests.Admin;

public class AdminDashboardQueryTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task GetAsync_ChartAndWeeklyCounts_OneGroupedQueryAndIndexedRanges()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        var userId = Guid.NewGuid();
        await using (var seed = database.CreateContext())
        {
            seed.Add(new User { Id = userId, ExternalKey = "local:a", UserPrincipalName = "a@contoso.example", DisplayName = "A", CreatedAt = Now });
            var n = 0;
            AppPassword P(DateTimeOffset created, DateTimeOffset? revoked = null) => new()
            {
                Id = Guid.NewGuid(), UserId = userId, Label = "p", CreatedAt = created, RevokedAt = revoked, HashKeyId = "k", HashVersion = 1,
                LookupTag = BitConverter.GetBytes((long)++n).Concat(new byte[8]).ToArray(), Hash = [1],
            };
            seed.AddRange(
                P(Now.AddHours(-1)), P(Now.AddHours(-8)), P(new DateTimeOffset(2026, 11, 24, 23, 59, 59, TimeSpan.Zero)),
                P(new DateTimeOffset(2026, 11, 12, 0, 0, 0, TimeSpan.Zero), revoked: Now.AddDays(-2)),
                P(new DateTimeOffset(2026, 11, 11, 23, 59, 59, TimeSpan.Zero), revoked: Now.AddDays(-8)));
            await seed.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        var recorder = new SqlRecorder();
        var builder = new DbContextOptionsBuilder<AppPasswordsDbContext>();
        DatabaseRegistration.UseSqlite(builder, database.ConnectionString);
        builder.AddInterceptors(recorder);
        await using var db = new AppPasswordsDbContext(builder.Options);

        var stats = await new AdminDashboardQuery(db, new FakeTimeProvider(Now)).GetAsync(14, TestContext.Current.CancellationToken);

        Assert.Equal(14, stats.AppPasswordsCreatedPerDay.Count);
        Assert.Equal(new DateOnly(2026, 11, 12), stats.AppPasswordsCreatedPerDay[0].Day);
        Assert.Equal(1, stats.AppPasswordsCreatedPerDay[0].Count);
        Assert.Equal(1, stats.AppPasswordsCreatedPerDay[^2].Count);
        Assert.Equal(2, stats.AppPasswordsCreatedPerDay[^1].Count);
        Assert.Equal(4, stats.AppPasswordsCreatedPerDay.Sum(d => d.Count));
        Assert.Equal(1, stats.AppPasswordsRevokedLast7Days);
        Assert.Single(recorder.Commands, c => c.Contains("GROUP BY", StringComparison.Ordinal));
        Assert.Equal(7, recorder.Commands.Count);

        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        Assert.Contains("IX_AppPasswords_Admin_Revoked", await PlanAsync(connection, "SELECT COUNT(*) FROM \"AppPasswords\" WHERE \"RevokedAt\" >= 1"), StringComparison.Ordinal);
        var chartPlan = await PlanAsync(connection, recorder.Commands.Single(c => c.Contains("GROUP BY", StringComparison.Ordinal)).Replace("@p0", "1", StringComparison.Ordinal));
        Assert.Contains("IX_AppPasswords_Admin_Created", chartPlan, StringComparison.Ordinal);
    }

    private static async Task<string> PlanAsync(DbConnection connection, string sql)
    {
        await using var explain = connection.CreateCommand();
        explain.CommandText = "EXPLAIN QUERY PLAN " + sql;
        var plan = new List<string>();
        await using var reader = await explain.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            plan.Add(reader.GetString(3));
        }

        return string.Join('\n', plan);
    }

    private sealed class SqlRecorder : DbCommandInterceptor
    {
        public List<string> Commands { get; } = [];

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Commands.Add(command.CommandText);
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }
    }
}
