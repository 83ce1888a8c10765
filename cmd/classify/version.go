package main

import (
	"flag"
	"fmt"
	"io"
	"runtime/debug"

	"github.com/stance-project/stance/models"
)

func cmdVersion(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("version", flag.ContinueOnError)
	if _, err := parseFlags(fs, args); err != nil {
		if err == flag.ErrHelp {
			helpFor(fs, stdout, "Usage: classify version\n\nPrints the module version, the Go version, and the embedded model's version and checksum.\n")
			return nil
		}
		return err
	}
	version, goVersion := "(devel)", ""
	if bi, ok := debug.ReadBuildInfo(); ok {
		version = bi.Main.Version
		goVersion = bi.GoVersion
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				version += " " + s.Value[:12]
			}
		}
	}
	fmt.Fprintf(stdout, "classify %s (%s)\n", version, goVersion)
	m, err := models.LoadDefault()
	if err != nil {
		return fmt.Errorf("embedded model: %w", err)
	}
	fmt.Fprintf(stdout, "model %s %s\n", m.Version(), m.Checksum())
	return nil
}
