package org.scheduler.app.conf.yaml;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads a YAML file into SnakeYAML's node tree, which keeps the line of every key and value, so
 * that every error can say where it is. Only the tree is built: no objects are constructed from
 * tags, so a conf file cannot make the server instantiate anything.
 */
public final class YamlFile {
  private YamlFile() {}

  /** The file's root node; empty for an empty file, or when it could not be read (see errors). */
  public static Optional<Node> read(Path file, ConfErrors errors) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      errors.add(0, "file not found");
      return Optional.empty();
    } catch (IOException e) {
      errors.add(0, "cannot read the file: " + e);
      return Optional.empty();
    }
    return parse(text, errors);
  }

  public static Optional<Node> parse(String text, ConfErrors errors) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(true); // reported by ConfMapping with both lines
    options.setMaxAliasesForCollections(10);
    options.setCodePointLimit(4 * 1024 * 1024);
    try (Reader reader = new StringReader(text)) {
      return Optional.ofNullable(new Yaml(options).compose(reader));
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      errors.add(
          mark == null ? 0 : mark.getLine() + 1,
          "not valid YAML: "
              + (e.getProblem() != null ? e.getProblem() : e.getMessage())
              + (e.getContext() != null ? " (" + e.getContext() + ")" : ""));
    } catch (YAMLException | IOException e) {
      errors.add(0, "not valid YAML: " + e.getMessage());
    }
    return Optional.empty();
  }

  public static int line(Node node) {
    return node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
  }
}
