package main

import (
	"fmt"
	"io"
)

func cmdRun(file string, o *options, stdout, stderr io.Writer) int {
	fmt.Fprintln(stderr, "cimc run: not yet wired")
	return exitUsage
}

func cmdComponent(class string, args []string, o *options, stdout, stderr io.Writer) int {
	fmt.Fprintln(stderr, "cimc component: not yet wired")
	return exitUsage
}
