namespace Bench.Functions.Storage;

/// <summary>Where a user's objects live: <c>[MINIO_OBJECT_PREFIX/]username/</c>.</summary>
internal static class ObjectKeys
{
    public static string UserPrefix(string objectPrefix, string username) =>
        objectPrefix.Length == 0 ? username + "/" : objectPrefix + "/" + username + "/";
}
