using System.Diagnostics;
using System.Text;

namespace Concord.Services.Tests.Quorum.Oracle;

/// <summary>
/// One corosync-vqsim run, driven through a pipe. vqsim 3.1.7 rejects a -c path of 8 or more
/// characters, so it runs in the configuration's directory with the short relative name
/// "c.conf". A command has completed when vqsim prints its next "#vqsim> " prompt.
/// </summary>
internal sealed class VqsimProcess : IAsyncDisposable
{
    private const string Prompt = "#vqsim> ";
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _errors = new();
    private readonly Lock _lock = new();
    private readonly Task _stdoutPump;
    private readonly Task _stderrPump;
    private int _prompts;

    private VqsimProcess(Process process)
    {
        _process = process;
        _stdoutPump = PumpAsync(process.StandardOutput, _output, countPrompts: true);
        _stderrPump = PumpAsync(process.StandardError, _errors, countPrompts: false);
    }

    public int Pid => _process.Id;

    public string Output
    {
        get { lock (_lock) return _output.ToString(); }
    }

    public string Errors
    {
        get { lock (_lock) return _errors.ToString(); }
    }

    public static bool IsInstalled => File.Exists(VqsimMemoryReader.BinaryPath);

    /// <summary>Write c.conf into <paramref name="directory"/>, start vqsim there and wait for its first prompt.</summary>
    public static async Task<VqsimProcess> StartAsync(string directory, string corosyncConf, TimeSpan timeout)
    {
        await File.WriteAllTextAsync(Path.Combine(directory, "c.conf"), corosyncConf);
        var start = new ProcessStartInfo(VqsimMemoryReader.BinaryPath, ["-c", "c.conf"])
        {
            WorkingDirectory = directory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start corosync-vqsim");
        var vqsim = new VqsimProcess(process);
        await vqsim.WaitForPromptsAsync(1, timeout);
        return vqsim;
    }

    /// <summary>Send one command and wait for the prompt that follows its completion.</summary>
    public async Task ExecuteAsync(string command, TimeSpan timeout)
    {
        int before;
        lock (_lock) before = _prompts;
        await _process.StandardInput.WriteLineAsync(command);
        await _process.StandardInput.FlushAsync();
        await WaitForPromptsAsync(before + 1, timeout);
    }

    private async Task WaitForPromptsAsync(int count, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            lock (_lock)
            {
                if (_prompts >= count) return;
            }
            if (_process.HasExited)
                throw new InvalidOperationException($"corosync-vqsim exited ({_process.ExitCode}); output:\n{Output}\nerrors:\n{Errors}");
            if (deadline.Elapsed > timeout)
                throw new TimeoutException($"corosync-vqsim did not prompt within {timeout.TotalSeconds}s; output:\n{Output}\nerrors:\n{Errors}");
            await Task.Delay(5);
        }
    }

    private async Task PumpAsync(StreamReader reader, StringBuilder sink, bool countPrompts)
    {
        var buffer = new char[4096];
        var tail = new StringBuilder();
        while (true)
        {
            int read = await reader.ReadAsync(buffer);
            if (read <= 0) return;
            lock (_lock)
            {
                sink.Append(buffer, 0, read);
                if (!countPrompts) continue;
                tail.Append(buffer, 0, read);
                string text = tail.ToString();
                int index;
                int from = 0;
                while ((index = text.IndexOf(Prompt, from, StringComparison.Ordinal)) >= 0)
                {
                    _prompts++;
                    from = index + Prompt.Length;
                }
                tail.Clear();
                tail.Append(text.AsSpan(Math.Max(from, text.Length - Prompt.Length)));
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                await _process.StandardInput.WriteLineAsync("quit");
                await _process.StandardInput.FlushAsync();
                _process.StandardInput.Close();
            }
        }
        catch (IOException)
        {
            // vqsim already gone
        }
        using var exit = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await _process.WaitForExitAsync(exit.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        await Task.WhenAll(_stdoutPump, _stderrPump);
        _process.Dispose();
    }
}
