using System.Text.Json.Nodes;
using PhotoPrefs.Interactive.Notebooks;

namespace PhotoPrefs.Interactive.Tests;

/// <summary>The student version leaves out exactly the cells tagged solution, and refuses what is not a notebook.</summary>
public sealed class StudentNotebookTests
{
    private const string Committed = """
        {"cells": [
          {"cell_type": "markdown", "metadata": {}, "source": ["## Exercises"]},
          {"cell_type": "code", "metadata": {"tags": ["exercise"]}, "source": ["// Exercise 1 starts here"], "outputs": [], "execution_count": 1},
          {"cell_type": "code", "metadata": {"tags": ["solution"]}, "source": ["var answer = 42;"], "outputs": [], "execution_count": 2},
          {"cell_type": "markdown", "metadata": {"tags": ["solution", "other"]}, "source": ["The answer is 42."]},
          {"cell_type": "code", "metadata": {"tags": "solution"}, "source": ["// a malformed tags value is not a tag list"], "outputs": [], "execution_count": 3}
        ], "metadata": {"kernelspec": {"name": ".net-csharp"}}, "nbformat": 4, "nbformat_minor": 5}
        """;

    [Fact]
    public void Solution_cells_are_removed_and_the_rest_is_kept()
    {
        Assert.Equal(2, StudentNotebook.CountSolutions(Committed));
        var student = JsonNode.Parse(StudentNotebook.Strip(Committed))!;
        var sources = student["cells"]!.AsArray().Select(c => string.Concat(c!["source"]!.AsArray().Select(s => s!.GetValue<string>()))).ToList();
        Assert.Equal(["## Exercises", "// Exercise 1 starts here", "// a malformed tags value is not a tag list"], sources);
        Assert.Equal(".net-csharp", student["metadata"]!["kernelspec"]!["name"]!.GetValue<string>());
        Assert.Equal(0, StudentNotebook.CountSolutions(student.ToJsonString()));
        Assert.Equal(3, NotebookFile.Parse(student.ToJsonString()).Elements.Count);
    }

    [Fact]
    public void A_file_is_written_beside_and_never_over_its_notebook()
    {
        var tmp = Directory.CreateTempSubdirectory("pp-student-");
        try
        {
            var committed = Path.Combine(tmp.FullName, "01.ipynb");
            File.WriteAllText(committed, Committed);
            var output = Path.Combine(tmp.FullName, "student", "01.ipynb");
            Assert.Equal(2, StudentNotebook.Write(committed, output));
            Assert.Equal(0, StudentNotebook.CountSolutions(File.ReadAllText(output)));
            Assert.Equal(Committed, File.ReadAllText(committed));
            Assert.Contains("replace its notebook", Assert.Throws<PhotoPrefsException>(() => StudentNotebook.Write(committed, committed)).Message, StringComparison.Ordinal);
            Assert.Contains("not found", Assert.Throws<PhotoPrefsException>(() => StudentNotebook.Write(committed + ".missing", output)).Message, StringComparison.Ordinal);
            Assert.Contains("not an nbformat 4 notebook", Assert.Throws<PhotoPrefsException>(() => StudentNotebook.Strip("{\"cells\": 3}")).Message, StringComparison.Ordinal);
            Assert.Contains("invalid JSON", Assert.Throws<PhotoPrefsException>(() => StudentNotebook.Strip("{ nope")).Message, StringComparison.Ordinal);
        }
        finally
        {
            tmp.Delete(true);
        }
    }
}
