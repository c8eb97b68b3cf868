using System.CommandLine;
using System.CommandLine.Parsing;

namespace Bench.Functions.Cli;

/// <summary>Parse errors as one line each, prefixed with the command, then a pointer to its help (exit 2).</summary>
internal static class UsageErrors
{
    public const int ExitCode = 2;

    /// <summary>The messages of <paramref name="result"/>'s errors, unknown tokens named as options, arguments or commands.</summary>
    public static IReadOnlyList<string> Describe(ParseResult result)
    {
        var unmatched = result.UnmatchedTokens.ToHashSet(StringComparer.Ordinal);
        var atRoot = result.CommandResult.Command is RootCommand;
        var described = result.Errors.Select(e => (Error: e, Token: UnknownToken(e, unmatched))).ToArray();

        // "bench frobnicate x.h5": the unknown command says it all; "Required command was not provided" and
        // the tokens after it (its would-be arguments) would only add noise.
        var unknownCommand = atRoot ? result.UnmatchedTokens.FirstOrDefault() : null;
        return [.. described
            .Where(d => unknownCommand is null || d.Token == unknownCommand || (d.Token is null && d.Error.SymbolResult is not CommandResult { Command: RootCommand }))
            .Select(d => d.Token switch
            {
                null => d.Error.Message,
                _ when d.Token.StartsWith('-') => $"unknown option '{d.Token}'",
                _ when d.Token == unknownCommand => $"unknown command '{d.Token}'",
                _ => $"unexpected argument '{d.Token}'",
            })
            .Distinct(StringComparer.Ordinal)];
    }

    public static void Print(ParseResult result, TextWriter error, bool showHelp)
    {
        var command = result.CommandResult.Command;
        var path = CommandPath(command);
        foreach (var message in Describe(result))
        {
            error.WriteLine($"bench{(path.Length > 0 ? " " + path : string.Empty)}: {message}");
        }

        if (showHelp)
        {
            // The generated help of the command, written where the errors went.
            command.Parse(["--help"]).Invoke(new InvocationConfiguration { Output = error });
        }
        else
        {
            var root = result.RootCommandResult.Command.Name;
            error.WriteLine($"Run '{root}{(path.Length > 0 ? " " + path : string.Empty)} --help' for usage.");
        }
    }

    /// <summary>The unmatched token an error is about: the library says "Unrecognized command or argument 'x'" on a command result.</summary>
    private static string? UnknownToken(ParseError error, HashSet<string> unmatched) =>
        error.SymbolResult is null or CommandResult
            ? unmatched.FirstOrDefault(t => error.Message.Contains($"'{t}'", StringComparison.Ordinal))
            : null;

    private static string CommandPath(Command command)
    {
        var names = new List<string>();
        for (Command? c = command; c is not null and not RootCommand; c = c.Parents.OfType<Command>().FirstOrDefault())
        {
            names.Insert(0, c.Name);
        }

        return string.Join(' ', names);
    }
}
