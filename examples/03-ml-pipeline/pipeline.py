"""A classic ML pipeline on the iris data set that ships with scikit-learn.

preprocess -> train -> evaluate -> deploy (only if accuracy >= threshold).
No network access for data; every step is deterministic (fixed random_state).
"""
import os
import sys
from typing import NamedTuple

from kfp import compiler, dsl
from kfp.dsl import ClassificationMetrics, Dataset, Input, Metrics, Model, Output

PY = 'python:3.11-slim'
ML_PACKAGES = ['pandas', 'scikit-learn']


@dsl.component(base_image=PY, packages_to_install=ML_PACKAGES)
def preprocess(
    test_size: float,
    seed: int,
    train_data: Output[Dataset],
    test_data: Output[Dataset],
) -> NamedTuple('Split', train_rows=int, test_rows=int):
    from collections import namedtuple

    from sklearn.datasets import load_iris
    from sklearn.model_selection import train_test_split

    iris = load_iris(as_frame=True)
    df = iris.frame
    df.columns = ['sepal_length', 'sepal_width', 'petal_length', 'petal_width', 'target']
    train, test = train_test_split(df, test_size=test_size, random_state=seed,
                                   stratify=df['target'])
    features = [c for c in df.columns if c != 'target']
    mean, std = train[features].mean(), train[features].std()
    train = train.copy()
    test = test.copy()
    train[features] = ((train[features] - mean) / std).round(6)
    test[features] = ((test[features] - mean) / std).round(6)
    train.to_csv(train_data.path, index=False)
    test.to_csv(test_data.path, index=False)
    for artifact, frame in ((train_data, train), (test_data, test)):
        artifact.metadata['rows'] = len(frame)
        artifact.metadata['target_names'] = list(iris.target_names)
    print(f'train={len(train)} test={len(test)}')
    return namedtuple('Split', ['train_rows', 'test_rows'])(len(train), len(test))


@dsl.component(base_image=PY, packages_to_install=ML_PACKAGES)
def train(
    train_data: Input[Dataset],
    n_estimators: int,
    max_depth: int,
    seed: int,
    model: Output[Model],
) -> float:
    import pickle

    import pandas as pd
    from sklearn.ensemble import RandomForestClassifier

    df = pd.read_csv(train_data.path)
    x, y = df.drop(columns=['target']), df['target']
    clf = RandomForestClassifier(n_estimators=n_estimators, max_depth=max_depth,
                                 random_state=seed, n_jobs=1)
    clf.fit(x, y)
    with open(model.path, 'wb') as f:
        pickle.dump(clf, f)
    model.metadata['framework'] = 'scikit-learn'
    model.metadata['algorithm'] = 'RandomForestClassifier'
    model.metadata['target_names'] = train_data.metadata.get(
        'target_names', ['setosa', 'versicolor', 'virginica'])
    train_accuracy = float(clf.score(x, y))
    print(f'train accuracy {train_accuracy:.4f}')
    return train_accuracy


@dsl.component(base_image=PY, packages_to_install=ML_PACKAGES)
def evaluate(
    test_data: Input[Dataset],
    model: Input[Model],
    metrics: Output[Metrics],
    classification: Output[ClassificationMetrics],
) -> NamedTuple('Evaluation', accuracy=float, macro_f1=float):
    import math
    import pickle
    from collections import namedtuple

    import pandas as pd
    from sklearn.metrics import accuracy_score, confusion_matrix, f1_score, roc_curve

    df = pd.read_csv(test_data.path)
    x, y = df.drop(columns=['target']), df['target']
    with open(model.path, 'rb') as f:
        clf = pickle.load(f)
    predicted = clf.predict(x)
    accuracy = round(float(accuracy_score(y, predicted)), 6)
    macro_f1 = round(float(f1_score(y, predicted, average='macro')), 6)
    metrics.log_metric('accuracy', accuracy)
    metrics.log_metric('macro_f1', macro_f1)
    metrics.log_metric('test_rows', len(df))

    names = list(model.metadata.get('target_names', ['setosa', 'versicolor', 'virginica']))
    matrix = confusion_matrix(y, predicted, labels=[0, 1, 2])
    classification.log_confusion_matrix(names, [[int(v) for v in row] for row in matrix])

    # One-vs-rest ROC curve for the last class; sklearn's first threshold may be
    # inf (not valid JSON), so clamp thresholds into [0, 1].
    scores = clf.predict_proba(x)[:, 2]
    fpr, tpr, thresholds = roc_curve((y == 2).astype(int), scores)
    clamp = lambda t: 1.0 if (not math.isfinite(t) or t > 1.0) else round(float(t), 6)
    classification.log_roc_curve([round(float(v), 6) for v in fpr],
                                 [round(float(v), 6) for v in tpr],
                                 [clamp(t) for t in thresholds])
    print(f'accuracy={accuracy} macro_f1={macro_f1}')
    return namedtuple('Evaluation', ['accuracy', 'macro_f1'])(accuracy, macro_f1)


@dsl.component(base_image=PY)
def deploy(model: Input[Model], accuracy: float, threshold: float,
           deployed_model: Output[Model]) -> str:
    import shutil
    shutil.copyfile(model.path, deployed_model.path)
    deployed_model.metadata.update(model.metadata)
    deployed_model.metadata['stage'] = 'production'
    deployed_model.metadata['accuracy'] = accuracy
    message = f'deployed: accuracy {accuracy:.4f} >= threshold {threshold:.4f}'
    print(message)
    return message


@dsl.pipeline(name='iris-ml-pipeline',
              description='preprocess -> train -> evaluate -> conditional deploy')
def ml_pipeline(
    test_size: float = 0.2,
    seed: int = 42,
    n_estimators: int = 25,
    max_depth: int = 4,
    threshold: float = 0.8,
) -> NamedTuple('Outputs', accuracy=float, model=Model, metrics=Metrics,
                classification=ClassificationMetrics):
    prep = preprocess(test_size=test_size, seed=seed)
    trained = train(train_data=prep.outputs['train_data'],
                    n_estimators=n_estimators, max_depth=max_depth, seed=seed)
    evaluation = evaluate(test_data=prep.outputs['test_data'],
                          model=trained.outputs['model'])
    with dsl.If(evaluation.outputs['accuracy'] >= threshold, name='good-enough'):
        deploy(model=trained.outputs['model'],
               accuracy=evaluation.outputs['accuracy'], threshold=threshold)
    Outputs = NamedTuple('Outputs', accuracy=float, model=Model, metrics=Metrics,
                         classification=ClassificationMetrics)
    return Outputs(accuracy=evaluation.outputs['accuracy'],
                   model=trained.outputs['model'],
                   metrics=evaluation.outputs['metrics'],
                   classification=evaluation.outputs['classification'])


if __name__ == '__main__':
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), 'pipeline.yaml')
    compiler.Compiler().compile(ml_pipeline, out)
