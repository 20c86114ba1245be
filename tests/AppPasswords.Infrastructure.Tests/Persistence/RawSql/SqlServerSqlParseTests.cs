using AppPasswords.Infrastructure.AppPasswords;
using AppPasswords.Migrations.SqlServer;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace AppPasswords.Infrastructure.Tests.Persistence.RawSql;

/// <summary>
/// No SQL Server runs here, so every T-SQL text the portal sends besides EF's own queries is parsed with Microsoft's
/// T-SQL parser: the raw SQL in <c>SqlServerSql</c> classes and the idempotent migration script
/// (what build/sqlserver-script.sh writes). Parsing proves the syntax, not names, types or plans.
/// </summary>
public class SqlServerSqlParseTests
{
    [Fact]
    public void SqlServerRawSql_EveryText_ParsesAsTSql()
    {
        var texts = RawSqlTexts.Collect(RawSqlTexts.SqlServerClass);

        Assert.NotEmpty(texts);
        Assert.All(texts, t => Assert.True(
            TSqlParsing.Errors(RawSqlTexts.AsSent(t.Text)) is { Count: 0 },
            $"{t.Name}: {string.Join("; ", TSqlParsing.Errors(RawSqlTexts.AsSent(t.Text)))}"));
    }

    [Fact]
    public void IdempotentMigrationScript_EveryBatch_ParsesAsTSql()
    {
        using var db = new DesignTimeDbContextFactory().CreateDbContext([]);
        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);
        var batches = TSqlParsing.Batches(script);

        Assert.All(db.Database.GetMigrations(), id => Assert.Contains($"N'{id}'", script, StringComparison.Ordinal));
        Assert.True(batches.Count > db.Database.GetMigrations().Count());
        var errors = batches
            .SelectMany((batch, i) => TSqlParsing.Errors(batch).Select(e => $"batch {i + 1}: {e}\n{batch}"))
            .ToList();
        Assert.True(errors.Count == 0, string.Join("\n\n", errors));
    }

    [Theory]
    [InlineData(SqliteAppPasswordVerificationStore.SqliteSql.Find)]
    [InlineData("SELECT [Id] FROM [AppPasswords] WHERE")]
    [InlineData("IF NOT EXISTS (SELECT 1) BEGIN EXEC(N'CREATE INDEX [IX] ON [T] ([A]) WHERE') END;")]
    public void Parser_InvalidTSql_ReportsErrors(string sql) => Assert.NotEmpty(TSqlParsing.Errors(sql));

    [Fact]
    public void Batches_SplitsOnGoLinesOnly()
    {
        var batches = TSqlParsing.Batches("SELECT 1;\nGO\nSELECT 'GO';\n  go  \r\nSELECT 2;\nGO\n");

        Assert.Equal(["SELECT 1;\n", "SELECT 'GO';\n", "SELECT 2;\n"], batches);
    }
}
