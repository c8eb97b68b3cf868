using System.Text;

namespace Bench.Functions.Tests.Deployment;

/// <summary>create-secrets.sh fills every template with values that agree across namespaces and fit the app's rules.</summary>
public sealed class SecretScriptTests
{
    private readonly List<KubeObject> _printed = Keda.PrintedSecrets();

    [Fact]
    public void EveryTemplatedSecretIsPrintedWithEveryKeyFilled()
    {
        var templates = Keda.SecretTemplates();
        Assert.Equal(
            templates.Select(t => $"{t.Namespace}/{t.Name}").Order(StringComparer.Ordinal),
            _printed.Select(s => $"{s.Namespace}/{s.Name}").Order(StringComparer.Ordinal));
        foreach (var template in templates)
        {
            var keys = Yaml.StringMapAt(template.Root, "stringData").Keys;
            var printed = Yaml.StringMapAt(_printed.Find("Secret", template.Name!, template.Namespace).Root, "stringData");
            Assert.Equal(keys.Order(StringComparer.Ordinal), printed.Keys.Order(StringComparer.Ordinal));
            Assert.All(printed, kv => Assert.False(string.IsNullOrWhiteSpace(kv.Value) || kv.Value.Contains("${", StringComparison.Ordinal), $"{template}: {kv.Key}"));
        }
    }

    [Fact]
    public void TheChartsAndTheAppGetTheSamePasswordsUsersAndToken()
    {
        Assert.Equal(_printed.SecretValue("storage", "postgresql-auth", "password"), _printed.SecretValue("bench", "bench-postgres", "POSTGRES_PASSWORD"));
        var amqp = new Uri(_printed.SecretValue("bench", "bench-rabbitmq", "RabbitMQConnection"));
        Assert.Equal(_printed.SecretValue("storage", "rabbitmq-auth", "rabbitmq-password"), Uri.UnescapeDataString(amqp.UserInfo.Split(':')[1]));
        foreach (var key in new[] { "MINIO_ACCESS_KEY", "MINIO_SECRET_KEY" })
        {
            Assert.Equal(_printed.SecretValue("bench", "bench-minio", key), _printed.SecretValue("storage", "bench-minio-wiring", key));
        }

        Assert.Equal(_printed.SecretValue("bench", "bench-webhook", "MINIO_WEBHOOK_TOKEN"), _printed.SecretValue("storage", "bench-minio-wiring", "MINIO_WEBHOOK_TOKEN"));
        // The app's MinIO user is not the root user.
        Assert.NotEqual(_printed.SecretValue("storage", "minio-auth", "root-user"), _printed.SecretValue("bench", "bench-minio", "MINIO_ACCESS_KEY"));
    }

    [Fact]
    public void GeneratedSecretsAreLongRandomAndDifferFromEachOther()
    {
        var jwt = _printed.SecretValue("bench", "bench-jwt", "JWT_SECRET");
        Assert.True(Encoding.UTF8.GetByteCount(jwt) >= Bench.Functions.Options.JwtOptions.MinimumSecretBytes);
        Assert.True(_printed.SecretValue("bench", "bench-webhook", "MINIO_WEBHOOK_TOKEN").Length >= 16);
        // MinIO requires root passwords of 8+ characters.
        Assert.True(_printed.SecretValue("storage", "minio-auth", "root-password").Length >= 8);

        var passwords = new[]
        {
            jwt, _printed.SecretValue("bench", "bench-webhook", "MINIO_WEBHOOK_TOKEN"), _printed.SecretValue("bench", "bench-postgres", "POSTGRES_PASSWORD"),
            _printed.SecretValue("storage", "postgresql-auth", "postgres-password"), _printed.SecretValue("storage", "rabbitmq-auth", "rabbitmq-password"),
            _printed.SecretValue("storage", "minio-auth", "root-password"), _printed.SecretValue("bench", "bench-minio", "MINIO_SECRET_KEY"),
        };
        Assert.Equal(passwords.Length, passwords.Distinct().Count());

        var again = Keda.PrintedSecrets();
        Assert.NotEqual(jwt, again.SecretValue("bench", "bench-jwt", "JWT_SECRET"));
    }
}
