using Microsoft.Extensions.Options;

namespace Bench.Functions.Options;

/// <summary>An options class read from environment-variable-named settings and validated at start.</summary>
internal interface IBenchOptions
{
    /// <summary>Fills the options from settings; parse failures go to <see cref="SettingReader.Errors"/>.</summary>
    void Read(SettingReader settings);

    /// <summary>Rule violations, each naming the variable to fix.</summary>
    IEnumerable<string> Validate();
}

/// <summary>Registers <see cref="IBenchOptions"/> classes so that a bad setting stops the process at start.</summary>
internal static class BenchOptionsRegistration
{
    public static IServiceCollection AddBenchOptions<T>(this IServiceCollection services)
        where T : class, IBenchOptions, new()
    {
        services.AddOptions<T>().ValidateOnStart();
        services.AddSingleton<IConfigureOptions<T>, Reader<T>>();
        services.AddSingleton<IValidateOptions<T>, Validator<T>>();
        return services;
    }

    private sealed class Reader<T>(IConfiguration configuration) : IConfigureOptions<T>
        where T : class, IBenchOptions
    {
        public void Configure(T options)
        {
            var settings = new SettingReader(configuration);
            options.Read(settings);
            ParseErrors.Add(options, settings.Errors);
        }
    }

    private sealed class Validator<T> : IValidateOptions<T>
        where T : class, IBenchOptions
    {
        public ValidateOptionsResult Validate(string? name, T options)
        {
            var failures = ParseErrors.Take(options).Concat(options.Validate()).Distinct().ToList();
            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }
    }

    /// <summary>Parse errors travel from the reader to the validator beside the options instance.</summary>
    private static class ParseErrors
    {
        private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<object, List<string>> Table = new();

        public static void Add(object options, List<string> errors) => Table.AddOrUpdate(options, errors);

        public static IEnumerable<string> Take(object options) =>
            Table.TryGetValue(options, out var errors) ? errors : [];
    }
}
