using System.Reflection;
using Google.Protobuf;
using Google.Protobuf.Reflection;

// Usage: RpcDescriptor <output.pb> <csharp-namespace>
// The worker ships its gRPC contract only as generated (internal) code; each generated file class
// exposes a static `Descriptor` holding the .proto's FileDescriptor, which we serialise with its imports.
if (args.Length != 2)
{
    Console.Error.WriteLine("usage: RpcDescriptor <output.pb> <csharp-namespace>");
    return 2;
}

var assembly = Assembly.Load("Microsoft.Azure.Functions.Worker.Grpc");
var roots = assembly.GetTypes()
    .Select(t => t.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static))
    .Where(p => p is not null && p.PropertyType == typeof(FileDescriptor))
    .Select(p => (FileDescriptor)p!.GetValue(null)!)
    .ToList();
if (!roots.Any(f => f.Services.Any(s => s.Name == "FunctionRpc")))
{
    Console.Error.WriteLine($"no FunctionRpc service descriptor found in {assembly.Location}");
    return 1;
}

// Dependencies first, as protoc expects; each file once.
var ordered = new List<FileDescriptor>();
var seen = new HashSet<string>();
void Visit(FileDescriptor file)
{
    if (!seen.Add(file.Name)) return;
    foreach (var dependency in file.Dependencies) Visit(dependency);
    ordered.Add(file);
}
foreach (var root in roots.OrderBy(f => f.Name, StringComparer.Ordinal)) Visit(root);

var set = new FileDescriptorSet();
foreach (var file in ordered)
{
    var proto = FileDescriptorProto.Parser.ParseFrom(file.SerializedData);
    // Our generated server is public in the test assembly: give it its own namespace so it never
    // meets the worker's internal copies of the same messages.
    if (!file.Name.StartsWith("google/protobuf/", StringComparison.Ordinal))
    {
        proto.Options ??= new Google.Protobuf.Reflection.FileOptions();
        proto.Options.CsharpNamespace = args[1];
    }
    set.File.Add(proto);
}

var output = Path.GetFullPath(args[0]);
Directory.CreateDirectory(Path.GetDirectoryName(output)!);
var bytes = set.ToByteArray();
// Unchanged content keeps the file's timestamp, so incremental builds skip protoc.
if (!File.Exists(output) || !File.ReadAllBytes(output).AsSpan().SequenceEqual(bytes))
    File.WriteAllBytes(output, bytes);
foreach (var file in ordered) Console.WriteLine(file.Name);
return 0;
