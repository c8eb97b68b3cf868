namespace Bench.Pipeline.Analysis;

/// <summary>Progress of one file's analysis, in dataset rows.</summary>
public interface IAnalysisProgress
{
    /// <summary>Called once the file is open, with the rows it holds.</summary>
    void Started(long totalRows);

    /// <summary>Called after each node with the rows just read.</summary>
    void RowsRead(long rows);
}
