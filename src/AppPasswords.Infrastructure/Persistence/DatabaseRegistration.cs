using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AppPasswords.Infrastructure.Persistence;

/// <summary>Picks the database provider and its migrations assembly from configuration.</summary>
public static class DatabaseRegistration
{
    public const string SqliteMigrationsAssembly = "AppPasswords.Migrations.Sqlite";
    public const string SqlServerMigrationsAssembly = "AppPasswords.Migrations.SqlServer";

    public static IServiceCollection AddPortalDatabase(this IServiceCollection services, IConfiguration configuration, string contentRootPath)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = configuration.GetSection(DatabaseOptions.SectionName).Get<DatabaseOptions>() ?? new DatabaseOptions();
        services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.SectionName);

        switch (options.Provider)
        {
            case DatabaseProvider.SqlServer:
                var sqlServer = configuration.GetConnectionString("SqlServer");
                if (string.IsNullOrWhiteSpace(sqlServer))
                {
                    throw new InvalidOperationException(
                        "Database:Provider is SqlServer but ConnectionStrings:SqlServer is empty. Set it, or remove Database:Provider to use the embedded SQLite database.");
                }

                services.AddDbContextPool<AppPasswordsDbContext>(o => UseSqlServer(o, sqlServer));
                break;
            default:
                var sqlite = configuration.GetConnectionString("Sqlite") ?? DefaultSqliteConnectionString(contentRootPath, options.DataDirectory);
                services.AddDbContextPool<AppPasswordsDbContext>(o => UseSqlite(o, sqlite));
                break;
        }

        services.AddScoped<DeferredDbContext>();
        return services;
    }

    public static DbContextOptionsBuilder UseSqlite(DbContextOptionsBuilder builder, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(builder);
        EnsureSqliteDirectory(connectionString);
        return builder.UseSqlite(connectionString, o => o.MigrationsAssembly(SqliteMigrationsAssembly));
    }

    public static DbContextOptionsBuilder UseSqlServer(DbContextOptionsBuilder builder, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.UseSqlServer(connectionString, o =>
        {
            o.MigrationsAssembly(SqlServerMigrationsAssembly);
            o.EnableRetryOnFailure();
        });
    }

    public static string DefaultSqliteConnectionString(string contentRootPath, string dataDirectory)
    {
        var folder = Path.GetFullPath(Path.Combine(contentRootPath, dataDirectory));
        return new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(folder, "apppasswords.db"),
            Cache = SqliteCacheMode.Private,
            DefaultTimeout = 30,
        }.ToString();
    }

    private static void EnsureSqliteDirectory(string connectionString)
    {
        var dataSource = new SqliteConnectionStringBuilder(connectionString).DataSource;
        if (string.IsNullOrEmpty(dataSource) || dataSource == ":memory:" || dataSource.StartsWith("file:", StringComparison.Ordinal))
        {
            return;
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(dataSource));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }
    }
}
