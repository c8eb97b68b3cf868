namespace Bench.Functions.Tests.Infrastructure;

/// <summary>
/// Tests that stop or restart a shared test server. xunit runs this collection on its own, after the
/// parallel ones, so no other test sees the server go away.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ServerRestartCollection
{
    public const string Name = "Server restarts";
}
