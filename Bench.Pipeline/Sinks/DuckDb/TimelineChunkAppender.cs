using System.Runtime.InteropServices;
using System.Text;
using Bench.Pipeline.Timeline;
using DuckDB.NET.Native;

namespace Bench.Pipeline.Sinks.DuckDb;

/// <summary>
/// Appends node timelines to a table of <see cref="ResultSchema.TimelineColumns"/> through DuckDB's
/// data-chunk appender (the C API's <c>duckdb_append_data_chunk</c>, as DuckDB.NET's bindings expose it):
/// each column of 2,048 rows is copied into DuckDB's vector in one block and NaN becomes NULL through the
/// vector's validity mask, instead of one managed call per value. The appender is flushed after each
/// timeline, so DuckDB buffers at most one node's rows. Used by one thread at a time.
/// </summary>
internal sealed unsafe class TimelineChunkAppender : IDisposable
{
    private readonly DuckDbFile _file;
    private readonly string _table;
    private readonly DuckDBAppender _appender;
    private readonly DuckDBDataChunk _chunk;
    private readonly int _capacity;
    private bool _closed;

    public TimelineChunkAppender(DuckDbFile file, string table)
    {
        _file = file;
        _table = table;
        if (NativeMethods.Appender.DuckDBAppenderCreate(file.Connection.NativeConnection, null, table, out _appender) != DuckDBState.Success)
        {
            var message = ErrorOf(_appender);
            _appender.Dispose();
            throw new DuckDbFileException(file.Path, message, $"creating an appender for table '{table}'", null);
        }

        var columns = ResultSchema.TimelineColumns;
        var types = columns.Select(c => NativeMethods.LogicalType.DuckDBCreateLogicalType(NativeTypeOf(c))).ToArray();
        try
        {
            _chunk = NativeMethods.DataChunks.DuckDBCreateDataChunk([.. types.Select(t => t.DangerousGetHandle())], (ulong)types.Length);
        }
        finally
        {
            foreach (var type in types)
            {
                type.Dispose(); // the chunk holds its own copies
            }
        }

        _capacity = (int)NativeMethods.Helpers.DuckDBVectorSize();
    }

    /// <summary>Appends every row of <paramref name="timeline"/> and flushes them into the table.</summary>
    public void Append(NodeTimeline timeline)
    {
        ObjectDisposedException.ThrowIf(_closed, this);
        var doubles = ResultRows.TimelineDoubles(timeline);
        var node = Encoding.UTF8.GetBytes(timeline.Node);
        var steps = timeline.Steps.Select(Encoding.UTF8.GetBytes).ToArray();
        for (var offset = 0; offset < timeline.Length; offset += _capacity)
        {
            var count = Math.Min(_capacity, timeline.Length - offset);
            NativeMethods.DataChunks.DuckDBDataChunkReset(_chunk);

            // Columns in schema order: step, node, epoch_s, then the doubles.
            var stepVector = NativeMethods.DataChunks.DuckDBDataChunkGetVector(_chunk, 0);
            var nodeVector = NativeMethods.DataChunks.DuckDBDataChunkGetVector(_chunk, 1);
            fixed (byte* nodeBytes = node)
            {
                for (var i = 0; i < count; i++)
                {
                    var step = steps[timeline.StepIndex[offset + i]];
                    fixed (byte* stepBytes = step)
                    {
                        NativeMethods.Vectors.DuckDBVectorAssignStringElementLength(stepVector, (ulong)i, stepBytes, step.Length);
                    }

                    NativeMethods.Vectors.DuckDBVectorAssignStringElementLength(nodeVector, (ulong)i, nodeBytes, node.Length);
                }
            }

            var epoch = NativeMethods.DataChunks.DuckDBDataChunkGetVector(_chunk, 2);
            timeline.Epoch.AsSpan(offset, count).CopyTo(new Span<long>(NativeMethods.Vectors.DuckDBVectorGetData(epoch), count));
            for (var c = 0; c < doubles.Length; c++)
            {
                CopyDoubles(NativeMethods.DataChunks.DuckDBDataChunkGetVector(_chunk, 3 + c), doubles[c].AsSpan(offset, count));
            }

            NativeMethods.DataChunks.DuckDBDataChunkSetSize(_chunk, (ulong)count);
            Check(NativeMethods.Appender.DuckDBAppendDataChunk(_appender, _chunk), $"appending node {timeline.Node} to table '{_table}'");
        }

        Check(NativeMethods.Appender.DuckDBAppenderFlush(_appender), $"flushing node {timeline.Node} into table '{_table}'");
    }

    /// <summary>Flushes what is buffered and closes the appender; its rows are then in the table (and the transaction).</summary>
    public void Close()
    {
        if (_closed)
        {
            return;
        }

        _closed = true;
        Check(NativeMethods.Appender.DuckDBAppenderClose(_appender), $"closing the appender of table '{_table}'");
    }

    /// <summary>Drops what is buffered (the transaction is rolled back after) and frees the native objects.</summary>
    public void Dispose()
    {
        if (!_closed)
        {
            _closed = true;
            NativeMethods.Appender.DuckDBAppenderClear(_appender); // destroying an appender flushes it otherwise
        }

        _appender.Dispose();
        _chunk.Dispose();
    }

    /// <summary>Copies one column; NaN (no value) is marked invalid, which DuckDB stores as NULL.</summary>
    private static void CopyDoubles(IntPtr vector, ReadOnlySpan<double> values)
    {
        var target = new Span<double>(NativeMethods.Vectors.DuckDBVectorGetData(vector), values.Length);
        values.CopyTo(target);
        ulong* validity = null;
        for (var i = 0; i < values.Length; i++)
        {
            if (!double.IsNaN(values[i]))
            {
                continue;
            }

            if (validity is null)
            {
                // Allocated on first need, every row valid; only columns with a NaN in this chunk pay for it.
                NativeMethods.Vectors.DuckDBVectorEnsureValidityWritable(vector);
                validity = NativeMethods.Vectors.DuckDBVectorGetValidity(vector);
            }

            validity[i >> 6] &= ~(1UL << (i & 63));
        }
    }

    private void Check(DuckDBState state, string operation)
    {
        if (state != DuckDBState.Success)
        {
            throw new DuckDbFileException(_file.Path, ErrorOf(_appender), operation, null);
        }
    }

    private static string ErrorOf(DuckDBAppender appender)
    {
        if (appender.IsInvalid)
        {
            return "DuckDB could not create the appender";
        }

        using var error = NativeMethods.Appender.DuckDBAppenderErrorData(appender);
        return NativeMethods.ErrorData.DuckDBErrorDataMessage(error) ?? "unknown appender error";
    }

    private static DuckDBType NativeTypeOf(ResultColumn column) => column.Type switch
    {
        ColumnType.Text => DuckDBType.Varchar,
        ColumnType.BigInt => DuckDBType.BigInt,
        ColumnType.Double => DuckDBType.Double,
        _ => throw new NotSupportedException($"timeline column '{column.Name}' has type {column.Type}, which the chunk appender does not write"),
    };
}
