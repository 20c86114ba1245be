using AppPasswords.Infrastructure.Tests.Support;
using Microsoft.Data.Sqlite;

namespace AppPasswords.Infrastructure.Tests.Persistence.RawSql;

/// <summary>Every SQLite raw SQL text compiles (syntax, tables and columns) against a freshly migrated database.</summary>
public class SqliteSqlPrepareTests
{
    [Fact]
    public async Task SqliteRawSql_EveryText_PreparesOnMigratedDatabase()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        await using var connection = new SqliteConnection(database.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        var texts = RawSqlTexts.Collect(RawSqlTexts.SqliteClass);

        Assert.NotEmpty(texts);
        foreach (var (name, text) in texts)
        {
            using var command = connection.CreateCommand();
            command.CommandText = RawSqlTexts.AsSent(text);
            var error = Record.Exception(command.Prepare);
            Assert.True(error is null, $"{name}: {error?.Message}");
        }
    }
}
