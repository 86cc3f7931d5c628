namespace SopsNet.Fuzz;

/// <summary>
/// Shrinks a failing input to one that still fails the same way (the same exception type and first message
/// line), by removing ever smaller chunks (delta debugging, as libFuzzer's -minimize_crash): a short input
/// shows the bug and pastes into a regression test.
/// </summary>
public static class Minimizer
{
    public static byte[]? Minimize(FuzzTarget target, byte[] input)
    {
        var failure = Failure(target, input);
        if (failure is null)
        {
            return null;
        }

        var current = input;
        for (var chunk = Math.Max(1, current.Length / 2); chunk >= 1; chunk = chunk == 1 ? 0 : Math.Max(1, chunk / 2))
        {
            var shrunk = true;
            while (shrunk)
            {
                shrunk = false;
                for (var at = 0; at < current.Length; at += chunk)
                {
                    var candidate = current[..at].Concat(current[Math.Min(current.Length, at + chunk)..]).ToArray();
                    if (Failure(target, candidate) == failure)
                    {
                        current = candidate;
                        shrunk = true;
                        at -= chunk;
                    }
                }
            }
        }

        return current;
    }

    private static string? Failure(FuzzTarget target, byte[] input)
    {
        try
        {
            target.Check(input);
            return null;
        }
        catch (Exception e)
        {
            return e.GetType().Name + ": " + e.Message.Split('\n')[0];
        }
    }
}
