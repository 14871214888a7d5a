// Command kube-apiserver is the upstream Kubernetes API server, unchanged: its command, flags and
// behaviour are those of k8s.io/kubernetes/cmd/kube-apiserver at the release go.mod requires.
package main

import (
	"os"

	"k8s.io/component-base/cli"
	_ "k8s.io/component-base/logs/json/register"
	"k8s.io/kubernetes/cmd/kube-apiserver/app"
)

func main() {
	os.Exit(cli.Run(app.NewAPIServerCommand()))
}
