// Command etcd is the upstream etcd server, unchanged, at the version the Kubernetes release in
// go.mod requires.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() {
	etcdmain.Main(os.Args)
}
