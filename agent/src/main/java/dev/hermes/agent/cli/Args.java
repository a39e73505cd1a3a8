package dev.hermes.agent.cli;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** A command's arguments: {@code --flags} from a known set, and positional words in order. */
final class Args {
  final List<String> words = new ArrayList<>();
  final Set<String> flags = new HashSet<>();

  private Args() {}

  static Args parse(String command, List<String> raw, Set<String> known, int maxWords)
      throws UsageException {
    Args args = new Args();
    for (String arg : raw) {
      if (arg.startsWith("--") || (arg.startsWith("-") && arg.length() > 1 && !isNumber(arg))) {
        if (!known.contains(arg)) {
          throw new UsageException(
              "unknown option ["
                  + arg
                  + "] for "
                  + command
                  + "; see 'java -jar hermes.jar "
                  + command
                  + " --help'");
        }
        args.flags.add(arg);
      } else {
        args.words.add(arg);
      }
    }
    if (args.words.size() > maxWords) {
      throw new UsageException(
          "too many arguments for "
              + command
              + ": "
              + args.words
              + "; see 'java -jar hermes.jar "
              + command
              + " --help'");
    }
    return args;
  }

  String word(int index, String fallback) {
    return index < words.size() ? words.get(index) : fallback;
  }

  private static boolean isNumber(String arg) {
    return arg.matches("-[0-9]+");
  }
}
