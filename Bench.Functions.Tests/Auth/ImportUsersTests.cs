using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Bench.Functions.Auth;
using Bench.Functions.Tests.Hdf5;
using Bench.Functions.Tests.Hosting;
using Npgsql;

namespace Bench.Functions.Tests.Auth;

/// <summary>
/// <c>import-users</c> run as a separate process on a users file whose hashes passlib made, then logins
/// through the real worker: the Python system's accounts survive the cutover.
/// </summary>
public sealed class ImportUsersTests(AppFixture fixture) : IClassFixture<AppFixture>, IDisposable
{
    private readonly TempDirectory _dir = new();

    // passlib: argon2.using(memory_cost=512, rounds=2, parallelism=2).hash("s3cret-pass")
    private const string PasslibSmallHash = "$argon2id$v=19$m=512,t=2,p=2$6n0PAeA855wzBqCUEoIQgg$IpPCD1s4mT9t5SbrWqCaxg";

    private RunningApp App => fixture.App;

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task ImportedPasslibAccountsLogInOnceRehashedToPbkdf2AndARerunImportsNothing()
    {
        var (idUser, iUser) = (RunningApp.NewUsername(), RunningApp.NewUsername());
        var (idPassword, iPassword) = ("argon2id-pass-1", "argon2i pass 2");
        var hashes = await Passlib.HashAsync(Passlib.Small(idPassword), Passlib.Small(iPassword, type: "i"));
        Assert.StartsWith("$argon2id$v=19$m=256,t=2,p=2$", hashes[0], StringComparison.Ordinal);
        Assert.StartsWith("$argon2i$v=19$m=256,t=2,p=2$", hashes[1], StringComparison.Ordinal);
        // As the Python system appended them, with a blank line and the trailing newline.
        var file = Write("users.txt", $"{idUser}:{hashes[0]}\n\n{iUser}:{hashes[1]}\n");

        var first = await ImportAsync(file);
        Assert.True(first.ExitCode == 0, first.Stderr);
        Assert.Equal($"{file}: imported 2 users, skipped 0 lines (0 already imported).\n", first.Stdout);
        Assert.Equal(hashes[0], await StoredHashAsync(idUser));
        Assert.Equal(hashes[1], await StoredHashAsync(iUser));

        var rerun = await ImportAsync(file);
        Assert.Equal(0, rerun.ExitCode);
        Assert.Equal($"{file}: imported 0 users, skipped 2 lines (2 already imported).\n", rerun.Stdout);
        Assert.Equal($"{file}:1: skipped: '{idUser}' is already imported\n{file}:3: skipped: '{iUser}' is already imported\n", rerun.Stderr);

        // The client's own login (query), then the rehash: PBKDF2 of the same password, checked by hand.
        var tokens = await LoginAsync(idUser, idPassword, HttpStatusCode.OK);
        Assert.Equal(idUser, Jwt.Payload(tokens!.Access).GetProperty("sub").GetString());
        AssertPbkdf2Of(idPassword, await StoredHashAsync(idUser));
        using (var list = await App.Client.SendAsync(App.Authorized(HttpMethod.Get, "/storage/list", tokens.Access)))
        {
            Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        }

        var rehashed = await StoredHashAsync(idUser);
        await LoginAsync(idUser, idPassword, HttpStatusCode.OK);
        Assert.Equal(rehashed, await StoredHashAsync(idUser)); // a PBKDF2 login rehashes nothing
        await LoginAsync(idUser, idPassword + "x", HttpStatusCode.Unauthorized);

        // A wrong password leaves the argon2i account as imported; the right one (JSON login) converts it.
        await LoginAsync(iUser, "wrong-password", HttpStatusCode.Unauthorized);
        Assert.Equal(hashes[1], await StoredHashAsync(iUser));
        using (var json = await App.Client.PostAsJsonAsync("/auth/login", new { username = iUser.ToUpperInvariant(), password = iPassword }))
        {
            Assert.Equal(HttpStatusCode.OK, json.StatusCode);
        }

        AssertPbkdf2Of(iPassword, await StoredHashAsync(iUser));
        await LoginAsync(iUser, iPassword, HttpStatusCode.OK);

        var afterLogins = await ImportAsync(file);
        Assert.Equal(0, afterLogins.ExitCode);
        Assert.Equal($"{file}: imported 0 users, skipped 2 lines (0 already imported).\n", afterLogins.Stdout);
        Assert.Contains($"{file}:1: skipped: '{idUser}' collides with the existing account '{idUser}' (names are case-insensitive)", afterLogins.Stderr, StringComparison.Ordinal);
        AssertPbkdf2Of(idPassword, await StoredHashAsync(idUser));
    }

    [Fact]
    public async Task AHashWithPasslibsDefaultParametersLogsIn()
    {
        var username = RunningApp.NewUsername();
        var hash = (await Passlib.HashAsync(new Passlib.Request("default-params-pw")))[0];
        Assert.Matches(@"^\$argon2id\$v=19\$m=\d+,t=\d+,p=\d+\$", hash);
        var file = Write("defaults.txt", $"{username}:{hash}\n");
        Assert.Equal(0, (await ImportAsync(file)).ExitCode);

        await LoginAsync(username, "default-params-px", HttpStatusCode.Unauthorized);
        Assert.Equal(hash, await StoredHashAsync(username));
        await LoginAsync(username, "default-params-pw", HttpStatusCode.OK);
        AssertPbkdf2Of("default-params-pw", await StoredHashAsync(username));
    }

    [Fact]
    public async Task MalformedLinesAndCollisionsAreReportedByLineNeverWithTheHashAndSkipped()
    {
        var (registered, _, _) = await App.RegisterAsync();
        var registeredHash = await StoredHashAsync(registered);
        var (good1, good2, dup) = (RunningApp.NewUsername(), RunningApp.NewUsername(), RunningApp.NewUsername());
        var hashes = await Passlib.HashAsync(Passlib.Small("good-one-pw"), Passlib.Small("good-two-pw"), Passlib.Small("third-pw"));
        var salt = hashes[2].Split('$')[4];
        var lines = new[]
        {
            $"{good1}:{hashes[0]}",                                      // 1 imported
            $"{registered.ToUpperInvariant()}:{hashes[2]}",              // 2 an existing account in another case
            $"{dup}{hashes[2]}",                                         // 3 no colon
            $"abcd:{hashes[2]}",                                         // 4 name too short
            $"bad/name:{hashes[2]}",                                     // 5 character outside the rules
            $"{dup}:pbkdf2-sha512$210000$c2FsdHNhbHQ$ZGlnZXN0ZGlnZXN0", // 6 not argon2
            $"{dup}:$argon2id$v=19$m=4194304,t=2,p=2${salt}$AAAAAAAA",   // 7 4 GiB: unbounded
            $"{dup}:$argon2d$v=19$m=256,t=2,p=2${salt}$AAAAAAAA",        // 8 argon2d
            new string('x', 2000),                                       // 9 far too long
            "   ",                                                       // 10 blank: not reported
            $"{good1.ToUpperInvariant()}:{hashes[2]}",                   // 11 an earlier line in another case
            $"{good2}:{hashes[1]}",                                      // 12 imported, CRLF and no final newline
        };
        var file = Write("mixed.txt", string.Join("\n", lines[..^1]) + "\r\n" + lines[^1]);

        var run = await ImportAsync(file);

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal($"{file}: imported 2 users, skipped 9 lines (0 already imported).\n", run.Stdout);
        string[] expected =
        [
            $"{file}:2: skipped: '{registered.ToUpperInvariant()}' collides with the existing account '{registered}' (names are case-insensitive)",
            $"{file}:3: skipped: no ':' between the username and the hash",
            $"{file}:4: skipped: username must be 5 to 20 characters long.",
            $"{file}:5: skipped: username may contain only letters A-Z and a-z, digits, '.', '_' and '-'.",
            $"{file}:6: skipped: the hash of '{dup}' is not usable: not a PHC string $argon2id$v=19$m=..,t=..,p=..$salt$digest",
            $"{file}:7: skipped: the hash of '{dup}' is not usable: parameters 'm=4194304,t=2,p=2' are not m=1..1048576,t=1..64,p=1..64 with m >= 8 p",
            $"{file}:8: skipped: the hash of '{dup}' is not usable: variant 'argon2d' is not argon2id or argon2i",
            $"{file}:9: skipped: the line is longer than 1024 characters",
            $"{file}:11: skipped: '{good1.ToUpperInvariant()}' collides with line 1 (names are case-insensitive)",
        ];
        Assert.Equal(expected, run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.DoesNotContain(salt, run.Stdout + run.Stderr, StringComparison.Ordinal);
        foreach (var hash in hashes)
        {
            Assert.DoesNotContain(hash.Split('$')[5], run.Stderr, StringComparison.Ordinal);
        }

        Assert.Equal(hashes[0], await StoredHashAsync(good1));
        Assert.Equal(hashes[1], await StoredHashAsync(good2));
        Assert.Null(await StoredHashAsync(dup));
        Assert.Equal(registeredHash, await StoredHashAsync(registered));
        await LoginAsync(good2, "good-two-pw", HttpStatusCode.OK);
    }

    [Fact]
    public async Task NamesAreCheckedAgainstEveryEarlierLineAcrossBatches()
    {
        // One hash serves every line: the import parses hashes but verifies none.
        var hash = (await Passlib.HashAsync(Passlib.Small("batch-pw-123")))[0];
        var prefix = "b" + Guid.NewGuid().ToString("N")[..8];
        var names = Enumerable.Range(1, UserImporter.BatchSize * 2 + 100).Select(i => $"{prefix}{i:D5}").ToList();
        names.Add(names[2].ToUpperInvariant()); // line 1101 repeats line 3, two batches later
        var file = Write("many.txt", string.Concat(names.Select(n => $"{n}:{hash}\n")));

        var run = await ImportAsync(file);

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal($"{file}: imported 1100 users, skipped 1 lines (0 already imported).\n", run.Stdout);
        Assert.Equal($"{file}:1101: skipped: '{names[2].ToUpperInvariant()}' collides with line 3 (names are case-insensitive)\n", run.Stderr);
        await using var db = await fixture.Servers.OpenDatabaseAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM users WHERE username LIKE $1 AND password_hash = $2", db)
        { Parameters = { new() { Value = prefix + "%" }, new() { Value = hash } } };
        Assert.Equal(1100L, await count.ExecuteScalarAsync());
        await LoginAsync(names[^2], "batch-pw-123", HttpStatusCode.OK);
    }

    [Fact]
    public async Task ConcurrentFirstLoginsBothSucceedAndLeaveOnePbkdf2Hash()
    {
        var username = RunningApp.NewUsername();
        var hash = (await Passlib.HashAsync(Passlib.Small("concurrent-pw")))[0];
        Assert.Equal(0, (await ImportAsync(Write("one.txt", $"{username}:{hash}\n"))).ExitCode);

        var logins = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => App.Client.PostAsync(LoginPath(username, "concurrent-pw"), null)));

        Assert.All(logins, l => Assert.Equal(HttpStatusCode.OK, l.StatusCode));
        Array.ForEach(logins, l => l.Dispose());
        AssertPbkdf2Of("concurrent-pw", await StoredHashAsync(username));
        await LoginAsync(username, "concurrent-pw", HttpStatusCode.OK);
    }

    [Fact]
    public async Task TheUsernameRateLimitStopsAttemptsBeforeAnyArgon2Verification()
    {
        await using var app = await fixture.StartVariantAsync(
            ("BENCH_AUTH_RATE_LIMIT_PER_USERNAME", "2"), ("BENCH_AUTH_RATE_LIMIT_WINDOW_SECONDS", "120"));
        var username = RunningApp.NewUsername();
        var hash = (await Passlib.HashAsync(Passlib.Small("limited-pw-1")))[0];
        Assert.Equal(0, (await ImportAsync(Write("limited.txt", $"{username}:{hash}\n"))).ExitCode);

        for (var i = 0; i < 2; i++)
        {
            using var wrong = await app.Client.PostAsync(LoginPath(username, "wrong-password"), null);
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        // The right password now waits too, and the imported hash stays: nothing was verified.
        using var limited = await app.Client.PostAsync(LoginPath(username, "limited-pw-1"), null);
        await Problem.AssertAsync(limited, HttpStatusCode.TooManyRequests);
        Assert.Equal(hash, await StoredHashAsync(username));
    }

    [Fact]
    public async Task AnUnusableStoredArgon2HashRefusesLoginWith401()
    {
        var (username, password, _) = await App.RegisterAsync();
        await using (var db = await fixture.Servers.OpenDatabaseAsync())
        {
            await using var corrupt = new NpgsqlCommand("UPDATE users SET password_hash = '$argon2id$v=19$m=256,t=2,p=2$!!$!!' WHERE username = $1", db)
            { Parameters = { new() { Value = username } } };
            Assert.Equal(1, await corrupt.ExecuteNonQueryAsync());
        }

        var problem = await Problem.AssertAsync(await App.Client.PostAsync(LoginPath(username, password), null), HttpStatusCode.Unauthorized);
        Assert.Equal("Wrong username or password.", problem.Detail());
    }

    [Fact]
    public async Task AMissingFileOrAnUnreachableDatabaseExit1AndMissingSettingsExit2()
    {
        var missing = _dir.File("absent.txt");
        var run = await ImportAsync(missing);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"bench import-users: cannot read {missing}: ", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Stdout);

        var settings = new Dictionary<string, string?>(fixture.Settings);
        settings.Remove("POSTGRES_HOST");
        var unconfigured = await CliProcess.RunAsync(_dir.Path, settings, "import-users", Write("empty.txt", string.Empty));
        Assert.Equal(2, unconfigured.ExitCode);
        Assert.Contains("POSTGRES_HOST is not set", unconfigured.Stderr, StringComparison.Ordinal);

        var closed = new Dictionary<string, string?>(fixture.Settings) { ["POSTGRES_PORT"] = "1" }; // nothing listens on port 1
        var unreachable = await CliProcess.RunAsync(_dir.Path, closed, "import-users", Write("one-line.txt", $"{RunningApp.NewUsername()}:{PasslibSmallHash}\n"));
        Assert.Equal(1, unreachable.ExitCode);
        Assert.StartsWith("bench import-users: NpgsqlException: ", unreachable.Stderr, StringComparison.Ordinal);

        var usage = await CliProcess.RunAsync(_dir.Path, fixture.Settings, "import-users");
        Assert.Equal(2, usage.ExitCode);
        Assert.Contains("bench import-users: Required argument 'users.txt' missing", usage.Stderr, StringComparison.Ordinal);
    }

    private static void AssertPbkdf2Of(string password, string? stored)
    {
        Assert.NotNull(stored);
        var parts = stored.Split('$');
        Assert.Equal("pbkdf2-sha512", parts[0]);
        var iterations = int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
        var expected = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), Convert.FromBase64String(parts[2]), iterations, HashAlgorithmName.SHA512, 64);
        Assert.Equal(Convert.ToBase64String(expected), parts[3]);
    }

    private static string LoginPath(string username, string password) =>
        $"/auth/password?u={Uri.EscapeDataString(username)}&p={Uri.EscapeDataString(password)}";

    private async Task<TokenPair?> LoginAsync(string username, string password, HttpStatusCode expected)
    {
        using var response = await App.Client.PostAsync(LoginPath(username, password), null);
        Assert.Equal(expected, response.StatusCode);
        return expected == HttpStatusCode.OK ? await response.Content.ReadFromJsonAsync<TokenPair>() : null;
    }

    private string Write(string name, string content)
    {
        var path = _dir.File(name);
        File.WriteAllText(path, content);
        return path;
    }

    private Task<CliProcess.Outcome> ImportAsync(string path) =>
        CliProcess.RunAsync(_dir.Path, fixture.Settings, "import-users", path);

    private async Task<string?> StoredHashAsync(string username)
    {
        await using var db = await fixture.Servers.OpenDatabaseAsync();
        await using var command = new NpgsqlCommand("SELECT password_hash FROM users WHERE username_lower = lower($1)", db)
        { Parameters = { new() { Value = username } } };
        return (string?)await command.ExecuteScalarAsync();
    }
}
