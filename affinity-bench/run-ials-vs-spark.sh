#!/usr/bin/env bash
# iALS seconds per iteration, Affinity vs Spark MLlib ALS, on synthetic:large (100k users x 20k items,
# 10M events), rank 64, 2 threads, in one JVM run. Writes affinity-bench/results/ials-vs-spark-synthetic-large.json.
#   affinity-bench/run-ials-vs-spark.sh [extra IalsBenchmark arguments, e.g. --cholesky]
# Needs the network once (Maven downloads Spark 4.0.1 for the 'spark' profile); the default build never does.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
./mvnw -B -q -DskipTests -Pspark -pl affinity-bench -am package
# Spark on Java 17 needs these module openings (the list Spark's own launcher adds, JavaModuleOptions).
SPARK_JAVA_OPTS=(
  -XX:+IgnoreUnrecognizedVMOptions
  --add-opens=java.base/java.lang=ALL-UNNAMED
  --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
  --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED
  --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED
  --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens=java.base/sun.nio.cs=ALL-UNNAMED
  --add-opens=java.base/sun.security.action=ALL-UNNAMED
  --add-opens=java.base/sun.util.calendar=ALL-UNNAMED
  -Djdk.reflect.useDirectMethodHandle=false
  -Dio.netty.tryReflectionSetAccessible=true
  # Lets Spark's BLAS use the Java Vector API (dev.ludovic.netlib VectorBLAS), its fastest pure-JVM path;
  # without a system libblas Spark would otherwise fall back to plain Java loops.
  --add-modules=jdk.incubator.vector
)
SPARK_LOCAL_IP=127.0.0.1 java -Xmx12g "${SPARK_JAVA_OPTS[@]}" \
    -cp "affinity-bench/target/benchmarks.jar:$(cat affinity-bench/target/spark-classpath.txt)" \
    ai.affinity.bench.IalsBenchmark --preset large --seed 42 --factors 64 --threads 2 \
    --alpha 1 --lambda 0.1 --iterations 1,3 --spark "$@" \
    --out affinity-bench/results/ials-vs-spark-synthetic-large.json
