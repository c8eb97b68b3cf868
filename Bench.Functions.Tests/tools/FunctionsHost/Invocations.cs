using System.Text.Json;
using Bench.FunctionsHost.Rpc;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;

namespace Bench.FunctionsHost;

/// <summary>A function ran and failed: the worker's StatusResult, with its exception text.</summary>
public sealed class FunctionFailedException(string function, StatusResult result)
    : Exception($"function {function} failed: {result.Exception?.Message ?? result.Result}\n{result.Exception?.StackTrace}")
{
    public StatusResult Result { get; } = result;
}

/// <summary>Builds the InvocationRequests the host sends for an HTTP request and for a timer tick.</summary>
public static class Invocations
{
    /// <summary>
    /// With the worker's HttpUri capability the request itself travels over HTTP; the invocation carries
    /// the method, URL and route values (the worker binds function parameters from them).
    /// </summary>
    public static InvocationRequest ForHttp(HostedFunction function, HttpContext context, string invocationId)
    {
        var http = new RpcHttp { Method = context.Request.Method, Url = context.Request.GetDisplayUrl() };
        var request = NewRequest(function, invocationId);
        foreach (var (name, value) in context.Request.RouteValues)
        {
            if (value?.ToString() is { } text)
            {
                http.Params[name] = text;
                request.TriggerMetadata[name] = new TypedData { String = text };
            }
        }

        request.InputData.Add(new ParameterBinding { Name = function.Http!.Name, Data = new TypedData { Http = http } });
        return request;
    }

    /// <summary>TimerInfo as the host serialises it (schedule status is the storage monitor's, absent here).</summary>
    public static InvocationRequest ForTimer(HostedFunction function, string invocationId, bool isPastDue)
    {
        var timerInfo = JsonSerializer.Serialize(new
        {
            Schedule = new { AdjustForDST = true },
            ScheduleStatus = (object?)null,
            IsPastDue = isPastDue,
        });
        var request = NewRequest(function, invocationId);
        request.InputData.Add(new ParameterBinding { Name = function.Timer!.Name, Data = new TypedData { Json = timerInfo } });
        return request;
    }

    private static InvocationRequest NewRequest(HostedFunction function, string invocationId) => new()
    {
        InvocationId = invocationId,
        FunctionId = function.FunctionId,
        TraceContext = new RpcTraceContext { TraceParent = System.Diagnostics.Activity.Current?.Id ?? "" },
    };
}
