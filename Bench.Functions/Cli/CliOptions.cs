using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Numerics;

namespace Bench.Functions.Cli;

/// <summary>Typed options shared by the commands: numbers and choices that say which option got what.</summary>
internal static class CliOptions
{
    /// <summary>An integer option; <paramref name="kind"/> words the expectation ("an integer", "a non-negative integer").</summary>
    /// <param name="problems">What is wrong with a parsed value (empty when usable); each message names the option.</param>
    public static Option<T> Integer<T>(string name, string description, T defaultValue, string kind = "an integer", Func<T, IEnumerable<string>>? problems = null)
        where T : struct, INumber<T> =>
        Number(name, description, defaultValue, NumberStyles.AllowLeadingSign, kind, problems);

    /// <summary>A finite decimal number (invariant culture: a dot, whatever the locale).</summary>
    public static Option<double> Decimal(string name, string description, double defaultValue, string kind = "a number", Func<double, IEnumerable<string>>? problems = null) =>
        Number(name, description, defaultValue, NumberStyles.Float, kind, problems);

    /// <summary>One of <paramref name="choices"/> (CLI spelling to value), completed by the shell and listed in the message; null when left out.</summary>
    public static Option<T?> Choice<T>(string name, string helpName, string description, IReadOnlyDictionary<string, T> choices)
        where T : struct
    {
        var option = new Option<T?>(name)
        {
            Description = description,
            HelpName = helpName,
            CustomParser = result =>
            {
                if (result.Tokens.Count == 0)
                {
                    return null;
                }

                var text = result.Tokens[^1].Value;
                if (choices.TryGetValue(text, out var value))
                {
                    return value;
                }

                result.AddError($"{name} must be {Alternatives(choices.Keys)}, got '{text}'");
                return null;
            },
        };
        option.CompletionSources.Clear(); // the enum's own member names are not what the option accepts
        option.CompletionSources.Add([.. choices.Keys]);
        return option;
    }

    /// <summary>A problem list for <c>problems:</c> that accepts values above zero only.</summary>
    public static Func<T, IEnumerable<string>> AboveZero<T>(string name)
        where T : struct, INumber<T> =>
        value => value > T.Zero ? [] : [string.Create(CultureInfo.InvariantCulture, $"{name} must be above 0 (got {value})")];

    /// <summary>
    /// Adds a validator: a value starting with '-' is an option this command does not know (the parser hands
    /// such tokens to a positional argument that still has room). A path starting with '-' is written ./-x.
    /// </summary>
    public static Argument<T> RejectUnknownOptions<T>(this Argument<T> argument)
    {
        argument.Validators.Add(result =>
        {
            foreach (var token in result.Tokens.Where(t => t.Value.Length > 1 && t.Value.StartsWith('-')))
            {
                result.AddError($"unknown option '{token.Value}'");
            }
        });
        return argument;
    }

    /// <summary>"a, b or c".</summary>
    public static string Alternatives(IEnumerable<string> values)
    {
        var list = values.ToArray();
        return list.Length <= 1 ? string.Concat(list) : $"{string.Join(", ", list[..^1])} or {list[^1]}";
    }

    // Checks run inside the parser: option validators also run after a failed conversion, where reading the value throws.
    private static Option<T> Number<T>(string name, string description, T defaultValue, NumberStyles styles, string kind, Func<T, IEnumerable<string>>? problems)
        where T : struct, INumber<T> => new(name)
        {
            Description = description,
            HelpName = "N",
            DefaultValueFactory = _ => defaultValue,
            CustomParser = result => result.Tokens.Count == 0 ? defaultValue : Parse(result, name, styles, kind, problems),
        };

    private static T Parse<T>(ArgumentResult result, string name, NumberStyles styles, string kind, Func<T, IEnumerable<string>>? problems)
        where T : struct, INumber<T>
    {
        var text = result.Tokens[^1].Value;
        if (!T.TryParse(text, styles, CultureInfo.InvariantCulture, out var value) || !T.IsFinite(value))
        {
            result.AddError($"{name} expects {kind}, got '{text}'");
            return default;
        }

        foreach (var problem in problems?.Invoke(value) ?? [])
        {
            result.AddError(problem);
        }

        return value;
    }
}
