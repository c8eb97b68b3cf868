using Npgsql;

namespace Bench.Functions.Options;

/// <summary>The PostgreSQL server: POSTGRES_HOST/PORT/DB/USER/PASSWORD.</summary>
internal sealed class PostgresOptions : IBenchOptions
{
    public string Host { get; set; } = "";
    public int Port { get; set; } = 5432;
    public string Database { get; set; } = "";
    public string Username { get; set; } = "";
    public string Password { get; set; } = "";
    public int MaxPoolSize { get; set; } = 50;

    public void Read(SettingReader settings)
    {
        Host = settings.String("POSTGRES_HOST") ?? "";
        Port = settings.Int("POSTGRES_PORT", 5432, 1, 65_535);
        Database = settings.String("POSTGRES_DB") ?? "";
        Username = settings.String("POSTGRES_USER") ?? "";
        Password = settings.Secret("POSTGRES_PASSWORD") ?? "";
        MaxPoolSize = settings.Int("BENCH_POSTGRES_MAX_POOL_SIZE", 50, 1, 1_000);
    }

    public IEnumerable<string> Validate()
    {
        foreach (var (name, value) in new[]
        {
            ("POSTGRES_HOST", Host), ("POSTGRES_DB", Database), ("POSTGRES_USER", Username), ("POSTGRES_PASSWORD", Password),
        })
        {
            if (value.Length == 0)
            {
                yield return $"{name} is not set: the database connection needs it.";
            }
        }
    }

    public string ConnectionString() => new NpgsqlConnectionStringBuilder
    {
        Host = Host,
        Port = Port,
        Database = Database,
        Username = Username,
        Password = Password,
        MaxPoolSize = MaxPoolSize,
        ApplicationName = "bench-functions",
    }.ConnectionString;
}
